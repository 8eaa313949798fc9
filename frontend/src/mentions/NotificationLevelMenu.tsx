import { useId } from 'react';
import type { NotificationLevel } from '../api/types';

const LABELS: Record<NotificationLevel, string> = {
  all: 'Notify: all messages',
  mentions: 'Notify: mentions only',
  muted: 'Muted',
};

/** Chooses how much of this conversation notifies me (PUT /api/conversations/{id}/notifications). */
export function NotificationLevelMenu({
  level,
  onChange,
}: {
  level: NotificationLevel;
  onChange: (level: NotificationLevel) => void;
}) {
  const id = useId();
  return (
    <span className="level-menu">
      <label htmlFor={id} className="sr-only">
        Notifications
      </label>
      <select
        id={id}
        value={level}
        data-testid="notification-level"
        title="Notifications for this conversation"
        onChange={(e) => onChange(e.target.value as NotificationLevel)}
      >
        {(Object.keys(LABELS) as NotificationLevel[]).map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The inbox's `@` badge: unread messages that mention me. */
export function MentionBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="badge mention-badge" data-testid="mention-badge" aria-label={`${count} unread mention${count === 1 ? '' : 's'}`}>
      @{count > 99 ? '99+' : count}
    </span>
  );
}
