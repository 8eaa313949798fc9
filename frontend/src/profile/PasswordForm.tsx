import { useId, useState, type FormEvent } from 'react';
import { ProblemError } from '../api/http';
import { problemText, type AccountClient } from './account';

export function PasswordForm({ account, onChanged }: { account: AccountClient; onChanged: () => void }) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    if (next.length < 8) {
      setError('The new password needs at least 8 characters.');
      return;
    }
    try {
      await account.changePassword(current, next);
      setCurrent('');
      setNext('');
      setError(null);
      setDone(true);
      onChanged();
    } catch (err) {
      setError(err instanceof ProblemError && err.status === 403 ? 'The current password is wrong.' : problemText(err));
    }
  }

  return (
    <form onSubmit={submit} className="stack" noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Password</h3>
      <div className="field">
        <label htmlFor={`${id}-current`}>Current password</label>
        <input id={`${id}-current`} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input id={`${id}-new`} type="password" autoComplete="new-password" minLength={8} maxLength={128} value={next} onChange={(e) => setNext(e.target.value)} />
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {done && <p role="status">Password changed. Your other devices were signed out.</p>}
      <button type="submit" className="primary" disabled={!current || !next}>
        Change password
      </button>
    </form>
  );
}
