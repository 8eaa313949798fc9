import { useId, useState, type FormEvent } from 'react';
import type { ChatStore } from '../state/store';
import { navigate } from '../ui/router';
import { problemText } from './errors';
import { useGroups } from './GroupsContext';

/** Joins the public group with exactly this name (case does not matter). */
export function JoinByName({ store, onJoined }: { store: ChatStore; onJoined: () => void }) {
  const groups = useGroups();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!groups) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const conversation = await groups!.api.joinByName(name.trim());
      store.applyConversation(conversation);
      void store.loadInbox().catch(() => undefined);
      onJoined();
      navigate(`/c/${conversation.conversationId}`);
    } catch (err) {
      setError(problemText(err));
    }
  }

  return (
    <form className="stack join-by-name" onSubmit={submit}>
      <label htmlFor={`${id}-name`}>Join a public group by its exact name</label>
      <input id={`${id}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!name.trim()}>
        Join by name
      </button>
    </form>
  );
}
