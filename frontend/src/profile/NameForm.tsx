import { useId, useState, type FormEvent } from 'react';
import type { User } from '../api/types';
import { problemText, type AccountClient } from './account';

export function NameForm({ account, me, onChanged }: { account: AccountClient; me: User; onChanged: (user: User) => void }) {
  const id = useId();
  const [name, setName] = useState(me.displayName);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    try {
      onChanged(await account.rename(name));
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(problemText(err));
    }
  }

  return (
    <form onSubmit={submit} className="stack" noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Display name</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Display name</label>
        <input id={`${id}-name`} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} />
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {saved && <p role="status">Saved.</p>}
      <button type="submit" className="primary" disabled={name === me.displayName}>
        Save name
      </button>
    </form>
  );
}
