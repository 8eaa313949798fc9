// "Key backup" in the profile: set it up with a passphrase (so a new device can read older
// encrypted messages), or restore it on this device. The passphrase never leaves the browser: the
// backup key is encrypted with it here and only that armored block is stored on the server.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BackupStatus, EncryptionService } from './service';

export const MIN_PASSPHRASE = 10;

function textOf(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'wrong-passphrase') return 'That passphrase does not open the key backup.';
  if (code === 'weak-passphrase') return `The passphrase needs at least ${MIN_PASSPHRASE} characters.`;
  if (code === 'no-backup') return 'There is no key backup for your account yet.';
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}

export function KeyBackupSection({
  service,
  onRestored,
  focusRestore = false,
}: {
  service: EncryptionService;
  /** After a restore: messages that could not be read are tried again. */
  onRestored: () => void;
  /** Opened from "Restore from key backup": put the restore form first. */
  focusRestore?: boolean;
}) {
  const id = useId();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);

  useEffect(() => {
    let live = true;
    service
      .backupStatus()
      .then((s) => live && setStatus(s))
      .catch((e: unknown) => live && setError(textOf(e)));
    return () => {
      live = false;
    };
  }, [service]);

  const restoring = !!status?.onServer && !status.restoredHere && !replacing;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setError(null);
    if (passphrase.length < MIN_PASSPHRASE) {
      setError(`The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
      return;
    }
    if (!restoring && passphrase !== repeat) {
      setError('The two passphrases differ.');
      return;
    }
    setBusy(true);
    try {
      if (restoring) {
        await service.restoreBackup(passphrase);
        onRestored();
        setDone('Key backup restored: older encrypted messages can be read on this device now.');
      } else {
        await service.setUpBackup(passphrase, replacing ? { replace: true } : undefined);
        setDone('Key backup saved. Keep the passphrase safe: without it the backup cannot be opened, not even by us.');
      }
      setPassphrase('');
      setRepeat('');
      setReplacing(false);
      setStatus(await service.backupStatus());
    } catch (err) {
      setError(textOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack key-backup" noValidate aria-labelledby={`${id}-h`} data-testid="key-backup">
      <h3 id={`${id}-h`}>Key backup</h3>
      <p className="muted">
        {status === null
          ? 'Checking…'
          : restoring
            ? 'Your account has a key backup. Restore it here with its passphrase to read encrypted messages sent before you signed in on this device.'
            : status.onServer
              ? 'Your key backup is set up, and this device holds it. You can protect it with a new passphrase.'
              : 'Encrypted messages can only be read on the devices they were sent to. A key backup, locked with a passphrase only you know, lets a new device read older messages too.'}
      </p>
      {status !== null && (
        <>
          <div className="field">
            <label htmlFor={`${id}-pass`}>{restoring ? 'Backup passphrase' : 'New backup passphrase'}</label>
            <input
              id={`${id}-pass`}
              type="password"
              autoComplete={restoring ? 'current-password' : 'new-password'}
              autoFocus={focusRestore && restoring}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </div>
          {!restoring && (
            <div className="field">
              <label htmlFor={`${id}-repeat`}>Repeat the passphrase</label>
              <input id={`${id}-repeat`} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </div>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {done && <p role="status">{done}</p>}
          <button type="submit" className="primary" disabled={busy || !passphrase}>
            {busy ? 'Working…' : restoring ? 'Restore from key backup' : status.onServer ? 'Change backup passphrase' : 'Set up key backup'}
          </button>
          {restoring && (
            <button type="button" className="link" onClick={() => setReplacing(true)}>
              Forgot the passphrase? Start a new backup (older messages stay unreadable here)
            </button>
          )}
        </>
      )}
    </form>
  );
}
