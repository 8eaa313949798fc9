import { useState } from 'react';
import type { DesktopNotifications } from './desktop';
import { supported } from './desktop';

/** "Desktop notifications: on/off" for this browser. */
export function DesktopNotificationsToggle({ notifications }: { notifications: DesktopNotifications }) {
  const [on, setOn] = useState(() => notifications.enabled());
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  if (!supported()) return <p className="muted">This browser cannot show notifications.</p>;

  async function toggle(next: boolean) {
    setBusy(true);
    setNote(null);
    try {
      if (next) {
        setNote(await notifications.enable());
        setOn(true);
      } else {
        await notifications.disable();
        setOn(false);
      }
    } catch (e) {
      setNote(e instanceof Error ? e.message : 'Could not change notifications.');
      setOn(notifications.enabled());
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="desktop-notifications">
      <label>
        <input
          type="checkbox"
          checked={on}
          disabled={busy}
          onChange={(e) => void toggle(e.target.checked)}
        />{' '}
        Desktop notifications: {on ? 'on' : 'off'}
      </label>
      {note && <p className="muted" role="status">{note}</p>}
    </div>
  );
}
