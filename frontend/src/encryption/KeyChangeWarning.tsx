// The warning in an encrypted conversation when a member's device keys changed since this device
// first saw them: a new device, a reinstall — or someone in between. It stays until the user
// acknowledges it (after comparing safety numbers, ideally).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { User } from '../api/types';
import type { EncryptionService, KeyChange } from './service';

/** The unacknowledged key changes of the given users, kept current. */
export function useKeyChanges(service: EncryptionService | null, userIds: string[]): { changes: KeyChange[]; reload: () => void } {
  const [all, setAll] = useState<KeyChange[]>([]);
  const reload = useCallback(() => {
    if (!service) return;
    service
      .keyChanges()
      .then(setAll)
      .catch(() => undefined);
  }, [service]);
  useEffect(() => {
    if (!service) return;
    reload();
    return service.onKeyChange(reload);
  }, [service, reload]);
  const wanted = new Set(userIds);
  return { changes: all.filter((c) => wanted.has(c.userId)), reload };
}

export function KeyChangeWarning({
  changes,
  users,
  onVerify,
  onAcknowledge,
}: {
  changes: KeyChange[];
  users: Record<string, User>;
  onVerify: (userId: string) => void;
  onAcknowledge: (userId: string) => void;
}) {
  if (changes.length === 0) return null;
  return (
    <div className="key-change" role="alert" data-testid="key-change-warning">
      {changes.map((c) => {
        const name = users[c.userId]?.displayName ?? 'A member';
        return (
          <p key={c.userId}>
            ⚠ <strong>{name}’s security keys changed.</strong> They may have signed in on a new device or reinstalled — or someone
            may be trying to listen in. Compare safety numbers with {name} to be sure.{' '}
            <button type="button" className="link" onClick={() => onVerify(c.userId)}>
              Verify {name}
            </button>{' '}
            <button type="button" className="link" onClick={() => onAcknowledge(c.userId)} aria-label={`Dismiss the key change of ${name}`}>
              OK, got it
            </button>
          </p>
        );
      })}
    </div>
  );
}

/**
 * My own account got a device key this device did not know (another sign-in, or — worse — a key
 * someone else added): said once, app-wide, with where to act.
 */
export function OwnKeyChangeNotice({ service, me, onOpenProfile }: { service: EncryptionService; me: string; onOpenProfile: () => void }) {
  const ids = useMemo(() => [me], [me]);
  const { changes, reload } = useKeyChanges(service, ids);
  if (changes.length === 0) return null;
  return (
    <div className="key-change own" role="status" data-testid="own-key-change">
      <p>
        ⚠ <strong>A new device can now read your encrypted conversations.</strong> If you did not just sign in somewhere else,
        sign that device out in your profile.{' '}
        <button type="button" className="link" onClick={onOpenProfile}>
          Open profile
        </button>{' '}
        <button type="button" className="link" onClick={() => void service.acknowledgeKeyChange(me).then(reload, reload)}>
          It was me
        </button>
      </p>
    </div>
  );
}
