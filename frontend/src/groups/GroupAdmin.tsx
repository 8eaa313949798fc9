import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { Role } from '../api/types';
import type { ChatStore } from '../state/store';
import { navigate } from '../ui/router';
import { EXPIRY_CHOICES, inviteLink, type Ban, type Invite } from './api';
import { problemText } from './errors';
import { useGroups } from './GroupsContext';

interface Props {
  store: ChatStore;
  id: string;
  myRole: Role | null;
}

const STATUS: Record<string, string> = { active: 'active', expired: 'expired', used_up: 'used up', revoked: 'revoked' };

/** Invite links, bans, leaving and deleting: the group's admin part of the members panel. */
export function GroupAdmin({ store, id, myRole }: Props) {
  const groups = useGroups();
  const manage = myRole === 'owner' || myRole === 'admin';
  const [error, setError] = useState<string | null>(null);
  if (!groups) return null;
  const { api } = groups;

  async function leave() {
    if (!window.confirm('Leave this group? You will need to be added or invited again to come back.')) return;
    try {
      await store.leaveGroup(id);
      navigate('/');
    } catch (e) {
      setError(problemText(e));
    }
  }

  async function remove() {
    if (!window.confirm('Delete this group for everyone? Its messages and files can no longer be read. This cannot be undone.')) return;
    try {
      await api.deleteGroup(id);
      store.forgetConversation(id);
      navigate('/');
    } catch (e) {
      setError(problemText(e));
    }
  }

  return (
    <div className="group-admin stack">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {manage && <Invites id={id} onError={setError} />}
      {manage && <Bans id={id} onError={setError} />}
      <button type="button" className="danger" onClick={() => void leave()}>
        Leave group
      </button>
      {myRole === 'owner' && (
        <button type="button" className="danger" onClick={() => void remove()}>
          Delete group
        </button>
      )}
    </div>
  );
}

function Invites({ id, onError }: { id: string; onError: (e: string | null) => void }) {
  const groups = useGroups()!;
  const [invites, setInvites] = useState<Invite[]>([]);
  const [expiry, setExpiry] = useState<string>(String(EXPIRY_CHOICES[2].seconds));
  const [maxUses, setMaxUses] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const formId = useId();

  const reload = useCallback(() => {
    groups.api.listInvites(id).then(setInvites, (e) => onError(problemText(e)));
  }, [groups, id, onError]);
  useEffect(reload, [reload]);

  async function create() {
    try {
      const uses = maxUses.trim() ? Number(maxUses) : null;
      const invite = await groups.api.createInvite(id, expiry === 'null' ? null : Number(expiry), uses);
      setCreated(inviteLink(invite.code));
      onError(null);
      reload();
    } catch (e) {
      onError(problemText(e));
    }
  }

  async function revoke(code: string) {
    try {
      await groups.api.revokeInvite(id, code);
      reload();
    } catch (e) {
      onError(problemText(e));
    }
  }

  return (
    <section className="invites stack" aria-label="Invite links">
      <h4>Invite links</h4>
      <label htmlFor={`${formId}-expiry`}>Expires after</label>
      <select id={`${formId}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
        {EXPIRY_CHOICES.map((c) => (
          <option key={c.label} value={String(c.seconds)}>
            {c.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${formId}-uses`}>Maximum uses (empty: no limit)</label>
      <input id={`${formId}-uses`} type="number" min={1} max={10000} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
      <button type="button" onClick={() => void create()}>
        Create invite link
      </button>
      {created && (
        <p className="invite-created">
          <label htmlFor={`${formId}-link`}>New link</label>
          <input id={`${formId}-link`} data-testid="invite-link" readOnly value={created} onFocus={(e) => e.target.select()} />
        </p>
      )}
      <ul className="invite-list">
        {invites.map((i) => (
          <li key={i.code} data-testid="invite">
            <code>…{i.code.slice(-6)}</code>{' '}
            <small>
              by {i.createdByName ?? 'someone'} · {i.uses}
              {i.maxUses !== null ? `/${i.maxUses}` : ''} uses · {i.expiresAt ? `expires ${new Date(i.expiresAt).toLocaleString()}` : 'never expires'} ·{' '}
              {STATUS[i.status ?? 'active']}
            </small>
            {i.status === 'active' && (
              <>
                <button type="button" className="ghost" onClick={() => void navigator.clipboard?.writeText(inviteLink(i.code))}>
                  Copy
                </button>
                <button type="button" className="ghost" aria-label={`Revoke invite ending ${i.code.slice(-6)}`} onClick={() => void revoke(i.code)}>
                  Revoke
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Bans({ id, onError }: { id: string; onError: (e: string | null) => void }) {
  const groups = useGroups()!;
  const [bans, setBans] = useState<Ban[]>([]);
  // Reads can overtake each other: only the latest one asked for may set the list.
  const latest = useRef(0);
  const reload = useCallback(() => {
    const mine = ++latest.current;
    groups.api.bans(id).then(
      (page) => mine === latest.current && setBans(page),
      (e) => mine === latest.current && onError(problemText(e)),
    );
  }, [groups, id, onError]);
  useEffect(() => {
    const onBan = () => reload();
    window.addEventListener('parley:bans-changed', onBan);
    return () => window.removeEventListener('parley:bans-changed', onBan);
  }, [reload]);
  // A ban removes the member: the activity list reloads after that push, read past the ban, so the
  // ban list is read again then (bans themselves are not pushed).
  const activity = useSyncExternalStore(groups.activity.subscribe, () => groups.activity.of(id));
  useEffect(reload, [activity, reload]);

  async function unban(userId: string) {
    try {
      await groups.api.unban(id, userId);
      setBans((current) => current.filter((b) => b.userId !== userId));
    } catch (e) {
      onError(problemText(e));
    }
  }

  return (
    <section className="bans stack" aria-label="Banned users">
      <h4>Banned</h4>
      {bans.length === 0 ? (
        <p className="list-note">Nobody is banned.</p>
      ) : (
        <ul className="ban-list">
          {bans.map((b) => (
            <li key={b.userId} data-testid="ban">
              <span>{b.displayName ?? b.username ?? b.userId}</span>
              <button type="button" className="ghost" aria-label={`Unban ${b.displayName ?? b.username}`} onClick={() => void unban(b.userId)}>
                Unban
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Bans a member (removing them), after the owner or admin confirms. */
export async function banMember(store: ChatStore, api: { ban: (g: string, u: string) => Promise<void> }, id: string, userId: string, name: string) {
  if (!window.confirm(`Ban ${name}? They are removed and cannot rejoin until unbanned.`)) return;
  await api.ban(id, userId);
  await store.loadMembers(id).catch(() => undefined);
  window.dispatchEvent(new Event('parley:bans-changed'));
}
