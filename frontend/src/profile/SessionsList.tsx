import { useCallback, useEffect, useId, useState } from 'react';
import { problemText, type AccountClient, type DeviceSession } from './account';

const when = (iso: string) => new Date(iso).toLocaleString();

/** My device sessions with their last use; any other one can be signed out. */
export function SessionsList({ account, reloadKey }: { account: AccountClient; reloadKey: number }) {
  const id = useId();
  const [sessions, setSessions] = useState<DeviceSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await account.sessions());
      setError(null);
    } catch (err) {
      setError(problemText(err));
    }
  }, [account]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  async function act(task: () => Promise<unknown>) {
    try {
      await task();
    } catch (err) {
      setError(problemText(err));
    }
    await load();
  }

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section className="stack" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Signed-in devices</h3>
      {sessions === null && !error && <p className="muted">Loading…</p>}
      <ul className="sessions" aria-label="Device sessions">
        {sessions?.map((s) => (
          <li key={s.sessionId} className="session">
            <div>
              <strong>{s.deviceName || 'Unnamed device'}</strong> {s.current && <span className="badge">This device</span>}
              <br />
              <small className="muted">
                Last used {when(s.lastUsedAt)} · signed in {when(s.createdAt)}
              </small>
            </div>
            {!s.current && (
              <button type="button" className="ghost" onClick={() => void act(() => account.revoke(s.sessionId))} aria-label={`Sign out ${s.deviceName || 'unnamed device'}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && <p className="form-error" role="alert">{error}</p>}
      {others.length > 0 && (
        <button type="button" onClick={() => void act(() => account.revokeOthers())}>
          Sign out everywhere else
        </button>
      )}
    </section>
  );
}
