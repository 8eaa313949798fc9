import { sortInbox } from '../state/inbox';
import type { ChatState } from '../state/store';
import { Avatar } from './Avatar';
import type { DialogName } from './ChatApp';
import { conversationTitle, preview, shortWhen } from './format';
import { LoadMore } from './LoadMore';
import { navigate } from './router';
import { MentionBadge } from '../mentions/NotificationLevelMenu';
import { openSearch } from '../search/bus';
import { useDecryptions } from '../encryption/EncryptionContext';
import { LockBadge } from '../encryption/parts';

interface Props {
  state: ChatState;
  activeId: string | null;
  onDialog: (d: DialogName) => void;
  onLogOut: () => void;
  onLoadMore?: () => Promise<void>;
}

export function Sidebar({ state, activeId, onDialog, onLogOut, onLoadMore }: Props) {
  const me = state.me.userId;
  const entries = sortInbox(Object.values(state.inbox));
  const decryptions = useDecryptions();
  return (
    <aside className="sidebar" aria-label="Conversations">
      <h1 className="sr-only">Parley</h1>
      <header className="sidebar-head">
        <button type="button" className="ghost me-button" onClick={() => onDialog('profile')} aria-label="Your profile">
          <Avatar id={me} name={state.me.displayName} imageId={state.me.avatarId} />
          <span className="me">
            <strong>{state.me.displayName}</strong>
            <small>@{state.me.username}</small>
          </span>
        </button>
        <button type="button" className="ghost" onClick={onLogOut}>
          Log out
        </button>
      </header>
      <div className="sidebar-actions">
        <button type="button" onClick={() => onDialog('group')}>
          New group
        </button>
        <button type="button" onClick={() => onDialog('people')}>
          Find people
        </button>
        <button type="button" onClick={() => onDialog('browse')}>
          Browse groups
        </button>
        <button type="button" onClick={() => openSearch(null)}>
          Search
        </button>
      </div>
      <nav aria-label="Inbox">
        {entries.length === 0 && state.inboxLoaded && <p className="muted pad">No conversations yet.</p>}
        <ul className="inbox" data-testid="inbox">
          {entries.map((entry) => {
            const id = entry.conversation.conversationId;
            const title = conversationTitle(entry, state.users, me);
            const peer = entry.peer?.userId;
            const online = entry.conversation.kind === 'direct' && peer ? state.presence[peer]?.status === 'online' : undefined;
            const when = entry.lastMessage?.createdAt;
            return (
              <li key={id}>
                <a
                  href={`/c/${id}`}
                  className={`inbox-item${id === activeId ? ' active' : ''}${entry.notificationLevel === 'muted' ? ' muted-conversation' : ''}`}
                  data-level={entry.notificationLevel ?? 'all'}
                  aria-current={id === activeId ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/c/${id}`);
                  }}
                >
                  <Avatar
                    id={peer ?? id}
                    name={title}
                    online={online}
                    imageId={entry.conversation.kind === 'direct' ? (peer ? (state.users[peer] ?? entry.peer)?.avatarId : null) : entry.conversation.pictureId}
                  />
                  <span className="inbox-text">
                    <span className="inbox-title">
                      <strong>
                        {title}
                        {entry.conversation.encrypted && <LockBadge className="in-inbox" />}
                      </strong>
                      {when && <time dateTime={when}>{shortWhen(when)}</time>}
                    </span>
                    <span className="inbox-preview">{preview(decryptions ? decryptions.reveal(entry.lastMessage) : entry.lastMessage, state.users, me)}</span>
                  </span>
                  <MentionBadge count={entry.mentionCount ?? 0} />
                  {entry.unreadCount > 0 && (
                    <span className="badge" aria-label={`${entry.unreadCount} unread`}>
                      {entry.unreadCount > 99 ? '99+' : entry.unreadCount}
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
        {state.inboxNextCursor && onLoadMore && <LoadMore label="Load more conversations" onLoad={onLoadMore} />}
      </nav>
    </aside>
  );
}
