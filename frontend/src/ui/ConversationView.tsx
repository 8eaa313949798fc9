import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Message } from '../api/types';
import type { ChatState, ChatStore } from '../state/store';
import { Avatar } from './Avatar';
import { toAttachment } from '../files/rules';
import { Composer } from './Composer';
import { useFiles } from './FilesContext';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { conversationTitle, userName } from './format';
import { navigate } from './router';
import { MentionContext } from '../mentions/MentionText';
import { NotificationLevelMenu } from '../mentions/NotificationLevelMenu';
import { openSearch } from '../search/bus';
import { useJump } from '../search/useJump';
import { useEncryption } from '../encryption/EncryptionContext';
import { KeyChangeWarning, useKeyChanges } from '../encryption/KeyChangeWarning';
import { EncryptionBanner, LockBadge } from '../encryption/parts';
import { SafetyNumberDialog } from '../encryption/SafetyNumberDialog';

interface Props {
  store: ChatStore;
  state: ChatState;
  id: string;
}

export function ConversationView({ store, state, id }: Props) {
  const entry = state.inbox[id];
  const details = state.details[id];
  const me = state.me.userId;
  const title = conversationTitle(entry, state.users, me);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [panel, setPanel] = useState(false);
  const isGroup = (details?.conversation.kind ?? entry?.conversation.kind) !== 'direct';
  const role = details?.myRole ?? null;
  const canModerate = isGroup && (role === 'owner' || role === 'admin');
  const peer = entry?.peer;
  const presence = peer ? state.presence[peer.userId] : undefined;
  const typingNames = Object.entries(state.typing[id] ?? {})
    .filter(([, until]) => until > Date.now())
    .map(([userId]) => userName(state.users, userId));

  const onReply = useCallback((m: Message) => setReplyTo(m), []);
  const focus = useJump(store, id);
  const files = useFiles();
  const encrypted = !!(details?.conversation.encrypted ?? entry?.conversation.encrypted);
  const encryption = useEncryption();
  // Files are not encrypted yet: an encrypted conversation offers no attaching at all.
  const queue = useMemo(() => (encrypted ? null : (files?.newQueue() ?? null)), [files, encrypted]);
  useEffect(() => () => queue?.dispose(), [queue]);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  // Files dragged over the conversation: a drop zone shows, and dropped files attach to the message.
  const carriesFiles = (e: DragEvent) => !!queue && Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const onDragEnter = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    queue!.add(Array.from(e.dataTransfer.files));
  };
  const topic = details?.conversation.topic ?? entry?.conversation.topic;
  const memberCount = details?.conversation.memberCount ?? entry?.conversation.memberCount;
  const users = state.users;
  const mentionView = useMemo(() => ({ myUserId: me, usernameOf: (u: string) => users[u]?.username }), [me, users]);
  const candidates = useMemo(() => (details?.members ?? []).map((m) => m.user), [details?.members]);
  const others = useMemo(() => {
    const list = candidates.filter((u) => u.userId !== me);
    if (list.length === 0 && peer) list.push(state.users[peer.userId] ?? peer);
    return list;
  }, [candidates, me, peer, state.users]);
  const otherIds = useMemo(() => others.map((u) => u.userId), [others]);
  const { changes, reload } = useKeyChanges(encrypted ? (encryption?.service ?? null) : null, otherIds);
  const [verifying, setVerifying] = useState<{ userId?: string } | null>(null);

  return (
    <MentionContext.Provider value={mentionView}>
    <section
      className="conversation"
      aria-labelledby="conversation-title"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {dragging && (
        <div className="drop-zone" data-testid="drop-zone" aria-hidden="true">
          <p>Drop files to attach them to your message</p>
        </div>
      )}
      <header className="conv-head">
        <button type="button" className="ghost back" onClick={() => navigate('/')} aria-label="Back to conversations">
          ←
        </button>
        <Avatar
          id={peer?.userId ?? id}
          name={title}
          online={peer ? presence?.status === 'online' : undefined}
          imageId={isGroup ? (details?.conversation.pictureId ?? entry?.conversation.pictureId) : peer ? (state.users[peer.userId] ?? peer).avatarId : null}
        />
        <div className="conv-title">
          <h2 id="conversation-title">
            {title}
            {encrypted && <LockBadge className="in-title" />}
          </h2>
          <small>
            {isGroup
              ? [memberCount ? `${memberCount} member${memberCount === 1 ? '' : 's'}` : null, topic || null].filter(Boolean).join(' · ')
              : presence
                ? presence.status === 'online'
                  ? 'Online'
                  : presence.lastSeenAt
                    ? `Last seen ${new Date(presence.lastSeenAt).toLocaleString()}`
                    : 'Offline'
                : peer
                  ? `@${peer.username}`
                  : ''}
          </small>
        </div>
        <NotificationLevelMenu
          level={entry?.notificationLevel ?? 'all'}
          onChange={(level) => void store.setNotificationLevel(id, level).catch(() => undefined)}
        />
        {!encrypted && (
          <button type="button" onClick={() => openSearch({ conversationId: id, title })} aria-label={`Search in ${title}`}>
            Search
          </button>
        )}
        {encrypted && encryption && (
          <button type="button" onClick={() => setVerifying({})}>
            Verify
          </button>
        )}
        {isGroup && (
          <button type="button" onClick={() => setPanel((p) => !p)} aria-expanded={panel} aria-controls="members-panel">
            Members
          </button>
        )}
      </header>
      <div className="conv-body">
        <div className="conv-main">
          {encrypted && (
            <EncryptionBanner
              onVerify={encryption ? () => setVerifying({}) : undefined}
              unavailable={encryption ? null : 'This browser cannot decrypt or send encrypted messages here (it needs a secure connection and IndexedDB).'}
            />
          )}
          {encrypted && encryption && (
            <KeyChangeWarning
              changes={changes}
              users={state.users}
              onVerify={(userId) => setVerifying({ userId })}
              onAcknowledge={(userId) => void encryption.service.acknowledgeKeyChange(userId).then(reload, reload)}
            />
          )}
          <MessageList store={store} state={state} id={id} canModerate={canModerate} onReply={onReply} focus={focus} />
          <p className="typing" aria-live="polite">
            {typingNames.length === 1
              ? `${typingNames[0]} is typing…`
              : typingNames.length > 1
                ? `${typingNames.join(', ')} are typing…`
                : ''}
          </p>
          <Composer
            conversationId={id}
            label={`Message ${title}`}
            replyTo={replyTo ? { message: replyTo, name: userName(state.users, replyTo.senderId) } : null}
            onCancelReply={() => setReplyTo(null)}
            queue={queue}
            onSend={(body, uploads) => {
              store.send(id, body, replyTo?.messageId ?? null, uploads.map(toAttachment));
              setReplyTo(null);
            }}
            onTyping={() => store.typing(id)}
            members={candidates}
            myUserId={me}
          />
        </div>
        {panel && isGroup && <MembersPanel
            store={store}
            state={state}
            id={id}
            onClose={() => setPanel(false)}
            onVerify={encrypted && encryption ? (userId) => setVerifying({ userId }) : undefined}
          />}
      </div>
      {verifying && encryption && (
        <SafetyNumberDialog service={encryption.service} members={others} initialUserId={verifying.userId} onClose={() => setVerifying(null)} />
      )}
    </section>
    </MentionContext.Provider>
  );
}
