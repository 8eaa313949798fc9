import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ProblemError } from '../api/http';
import type { Conversation, User } from '../api/types';
import type { ChatStore } from '../state/store';
import { LoadMore } from './LoadMore';
import { navigate } from './router';
import { UserSearch } from './UserSearch';
import { JoinByName } from '../groups/JoinByName';
import { EncryptedToggle } from '../encryption/parts';
import { useEncryption } from '../encryption/EncryptionContext';

/** Why "End-to-end encrypted" cannot be chosen here, or null when it can. */
function encryptionUnavailable(available: boolean): string | null {
  return available ? null : 'This browser cannot encrypt (it needs a secure connection and IndexedDB).';
}

export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={id} onClose={onClose} onCancel={onClose}>
      <header>
        <h2 id={id}>{title}</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}

function messageOf(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = Object.entries(error.fieldErrors()).map(([f, m]) => `${f} ${m}`);
    return fields.length ? fields.join('; ') : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function NewGroupDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('private');
  const [members, setMembers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [encrypted, setEncrypted] = useState(false);
  const canEncrypt = !!useEncryption();
  const id = useId();
  const encryptedReason =
    visibility === 'public' ? 'Public groups cannot be end-to-end encrypted: anyone can join them.' : encryptionUnavailable(canEncrypt);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const conversationId = await store.createGroup({
        name,
        topic,
        visibility,
        memberIds: members.map((m) => m.userId),
        ...(encrypted && !encryptedReason ? { encrypted: true } : {}),
      });
      onClose();
      navigate(`/c/${conversationId}`);
    } catch (err) {
      setFieldErrors(err instanceof ProblemError ? err.fieldErrors() : {});
      setError(messageOf(err));
    }
  }

  return (
    <Modal title="New group" onClose={onClose}>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Group name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} aria-invalid={fieldErrors.name ? true : undefined} />
          {fieldErrors.name && <small className="field-error">{fieldErrors.name}</small>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-topic`}>Topic (optional)</label>
          <input id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={1024} />
        </div>
        <fieldset className="field">
          <legend>Who can find it</legend>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} /> Private — only
            invited members
          </label>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> Public — anyone
            can find and join
          </label>
        </fieldset>
        <EncryptedToggle checked={encrypted} onChange={setEncrypted} disabledReason={encryptedReason} />
        {fieldErrors.encrypted && <small className="field-error">{fieldErrors.encrypted}</small>}
        {members.length > 0 && (
          <ul className="chips" aria-label="Members to add">
            {members.map((m) => (
              <li key={m.userId}>
                {m.displayName}{' '}
                <button type="button" className="ghost" aria-label={`Remove ${m.displayName}`} onClick={() => setMembers(members.filter((x) => x !== m))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        <UserSearch
          store={store}
          label="Add members"
          actionLabel="Add"
          exclude={[store.getState().me.userId, ...members.map((m) => m.userId)]}
          onPick={(u) => setMembers((list) => [...list, u])}
        />
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary">
          Create group
        </button>
      </form>
    </Modal>
  );
}

export function PeopleDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [encrypted, setEncrypted] = useState(false);
  const reason = encryptionUnavailable(!!useEncryption());
  return (
    <Modal title="Find people" onClose={onClose}>
      <EncryptedToggle checked={encrypted} onChange={setEncrypted} disabledReason={reason} />
      <UserSearch
        store={store}
        label="Search by name or username"
        actionLabel="Message"
        exclude={[store.getState().me.userId]}
        onPick={async (user) => {
          try {
            const id = await store.openDirect(user, encrypted && !reason);
            onClose();
            navigate(`/c/${id}`);
          } catch (e) {
            setError(messageOf(e));
          }
        }}
      />
      {error && <p className="form-error" role="alert">{error}</p>}
    </Modal>
  );
}

export function BrowseGroupsDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [groups, setGroups] = useState<Conversation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    const timer = setTimeout(() => {
      store
        .searchGroupsPage(query.trim())
        .then((page) => {
          setGroups(page.items);
          setNextCursor(page.nextCursor);
          setError(null);
        })
        .catch((e) => setError(messageOf(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [query, store]);
  return (
    <Modal title="Public groups" onClose={onClose}>
      <label htmlFor={id}>Search groups</label>
      <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="results" aria-label="Groups found">
        {groups.map((g) => (
          <li key={g.conversationId}>
            <span>
              <strong>{g.name}</strong> <small>{g.memberCount} members{g.topic ? ` · ${g.topic}` : ''}</small>
            </span>
            <button
              type="button"
              aria-label={`Join ${g.name}`}
              onClick={async () => {
                try {
                  await store.joinGroup(g);
                  onClose();
                  navigate(`/c/${g.conversationId}`);
                } catch (e) {
                  setError(messageOf(e));
                }
              }}
            >
              Join
            </button>
          </li>
        ))}
        {groups.length === 0 && !error && <li className="muted">No public groups found.</li>}
      </ul>
      <JoinByName store={store} onJoined={onClose} />
      {nextCursor && (
        <LoadMore
          key={nextCursor}
          label="More groups"
          onLoad={async () => {
            const page = await store.searchGroupsPage(query.trim(), nextCursor);
            setGroups((known) => [...known, ...page.items.filter((g) => !known.some((k) => k.conversationId === g.conversationId))]);
            setNextCursor(page.nextCursor);
          }}
        />
      )}
    </Modal>
  );
}

export { messageOf };
