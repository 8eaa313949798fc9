import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Role } from '../api/types';
import type { ChatState, ChatStore } from '../state/store';
import { Avatar } from './Avatar';
import { useFiles } from './FilesContext';
import { PictureEditor } from './PictureEditor';
import { messageOf } from './Dialogs';
import { navigate } from './router';
import { UserSearch } from './UserSearch';
import { banMember, GroupAdmin } from '../groups/GroupAdmin';
import { useGroups } from '../groups/GroupsContext';
import { LoadMore } from './LoadMore';
import { VisibilitySwitch } from './VisibilitySwitch';

interface Props {
  store: ChatStore;
  state: ChatState;
  id: string;
  onClose: () => void;
  /** In an encrypted group: shows the safety number shared with a member. */
  onVerify?: (userId: string) => void;
}

/** What a role may do to another member (the server enforces the same rules). */
export function allowed(myRole: Role | null, theirRole: Role, self: boolean) {
  return {
    remove: !self && (myRole === 'owner' || (myRole === 'admin' && theirRole === 'member')),
    changeRole: !self && myRole === 'owner',
  };
}

export function MembersPanel({ store, state, id, onClose, onVerify }: Props) {
  const details = state.details[id];
  const myRole = details?.myRole ?? null;
  const manage = myRole === 'owner' || myRole === 'admin';
  const me = state.me.userId;
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(details?.conversation.name ?? '');
  const [topic, setTopic] = useState(details?.conversation.topic ?? '');
  const formId = useId();
  const files = useFiles();
  const groups = useGroups();

  useEffect(() => {
    void store.loadMembers(id).catch(() => undefined);
  }, [id, store]);

  const run = (task: Promise<unknown>) =>
    task.then(
      () => setError(null),
      (e) => setError(messageOf(e)),
    );

  async function saveSettings(e: FormEvent) {
    e.preventDefault();
    await run(store.updateGroup(id, { name, topic }));
  }

  const members = details?.members ?? [];
  return (
    <aside id="members-panel" className="members" aria-label="Members">
      <header>
        <h3>Members</h3>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close members">
          ✕
        </button>
      </header>
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="member-list">
        {members.map((m) => {
          const can = allowed(myRole, m.role, m.user.userId === me);
          return (
            <li key={m.user.userId} data-testid="member">
              <Avatar
                id={m.user.userId}
                name={m.user.displayName}
                size="sm"
                imageId={(state.users[m.user.userId] ?? m.user).avatarId}
                online={state.presence[m.user.userId]?.status === 'online'}
              />
              <span className="member-name">
                {m.user.displayName}
                {m.user.userId === me && ' (you)'}
              </span>
              {can.changeRole ? (
                <select
                  aria-label={`Role of ${m.user.displayName}`}
                  value={m.role}
                  onChange={(e) => void run(store.setRole(id, m.user.userId, e.target.value as Role))}
                >
                  <option value="member">member</option>
                  <option value="admin">admin</option>
                  <option value="owner">owner</option>
                </select>
              ) : (
                <span className="role">{m.role}</span>
              )}
              {onVerify && m.user.userId !== me && (
                <button type="button" className="ghost" aria-label={`Safety number with ${m.user.displayName}`} onClick={() => onVerify(m.user.userId)}>
                  Verify
                </button>
              )}
              {can.remove && (
                <button type="button" className="ghost" aria-label={`Remove ${m.user.displayName}`} onClick={() => void run(store.removeMember(id, m.user.userId))}>
                  Remove
                </button>
              )}
              {can.remove && groups && (
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Ban ${m.user.displayName}`}
                  onClick={() => void run(banMember(store, groups.api, id, m.user.userId, m.user.displayName))}
                >
                  Ban
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {state.membersNextCursor?.[id] && <LoadMore key={state.membersNextCursor[id]} label="Load more members" onLoad={() => store.loadMembers(id, true)} />}
      {manage && (
        <>
          <UserSearch
            store={store}
            label="Add a member"
            actionLabel="Add"
            exclude={members.map((m) => m.user.userId)}
            onPick={(u) => run(store.addMember(id, u.userId))}
          />
          <form className="stack" onSubmit={saveSettings}>
            <h4>Group settings</h4>
            <label htmlFor={`${formId}-name`}>Name</label>
            <input id={`${formId}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
            <label htmlFor={`${formId}-topic`}>Topic</label>
            <input id={`${formId}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={1024} />
            <button type="submit">Save</button>
          </form>
          {myRole === 'owner' && details?.conversation.encrypted && (
            <p className="muted">End-to-end encrypted groups stay private: they cannot be made public.</p>
          )}
          {myRole === 'owner' && details && !details.conversation.encrypted && <VisibilitySwitch store={store} id={id} visibility={details.conversation.visibility} onError={setError} />}
          {files && details && (
            <PictureEditor
              files={files}
              ownerId={id}
              name={details.conversation.name ?? 'Group'}
              imageId={details.conversation.pictureId}
              label="Group picture"
              onSet={async (uploadId) => store.applyConversation(await files.setGroupPicture(id, uploadId))}
              onRemove={async () => store.applyConversation(await files.removeGroupPicture(id))}
            />
          )}
        </>
      )}
      {groups ? (
        <GroupAdmin store={store} id={id} myRole={myRole} />
      ) : (
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm('Leave this group?')) void run(store.leaveGroup(id).then(() => navigate('/')));
          }}
        >
          Leave group
        </button>
      )}
    </aside>
  );
}
