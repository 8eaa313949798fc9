import { useId, useState, type FormEvent } from 'react';
import { ProblemError } from '../api/http';
import { problemText, type AccountClient } from './account';

/** Deleting the account, confirmed with the password; what happens is said before, not after. */
export function DeleteAccount({ account, onDeleted }: { account: AccountClient; onDeleted: () => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await account.deleteAccount(password);
      onDeleted();
    } catch (err) {
      setError(err instanceof ProblemError && err.status === 403 ? 'The password is wrong.' : problemText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="stack danger-zone" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Delete account</h3>
      {!open ? (
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={submit} className="stack" noValidate>
          <p>
            This cannot be undone. You leave every group (a group you own passes to its longest-standing admin, else member), every device is
            signed out, your name, email and picture are erased and your username stays reserved. Your messages stay in their conversations,
            shown as from a deleted user.
          </p>
          <div className="field">
            <label htmlFor={`${id}-password`}>Your password</label>
            <input id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="row">
            <button type="submit" className="danger" disabled={!password || busy}>
              Delete my account for good
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
