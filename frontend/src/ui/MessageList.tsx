import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Attachment, Message } from '../api/types';
import { displaySize, isInlineImage } from '../files/rules';
import type { ChatState, ChatStore } from '../state/store';
import { emptyTimeline, receiptFor, visiblePending, type PendingMessage } from '../state/timeline';
import { dayKey, dayLabel, userName } from './format';
import { Lightbox } from './Lightbox';
import { MessageRow, PendingRow } from './MessageRow';
import { upperBound, useVirtualList, type VirtualRow } from './useVirtualList';
import { requestJump } from '../search/bus';
import type { Focus } from '../search/useJump';
import { useDecryptions } from '../encryption/EncryptionContext';
import { localMentions } from '../encryption/decryptions';

/** How long a message jumped to stays highlighted. */
const FLASH_MS = 2500;
import type { Activity } from '../groups/api';
import { activityText, entriesInRange } from '../groups/activityText';
import { useGroups } from '../groups/GroupsContext';

type Row =
  | (VirtualRow & { kind: 'top' })
  | (VirtualRow & { kind: 'day'; label: string })
  | (VirtualRow & { kind: 'msg'; message: Message; showHeader: boolean })
  | (VirtualRow & { kind: 'pending'; pending: PendingMessage })
  | (VirtualRow & { kind: 'sys'; activity: Activity });

const GROUP_GAP_MS = 5 * 60_000;
const NO_ACTIVITY: Activity[] = [];
const noSubscribe = () => () => undefined;

export function buildRows(messages: Message[], pending: PendingMessage[], activity: Activity[] = []): Row[] {
  const rows: Row[] = [{ kind: 'top', key: 'top', estimate: 48 }];
  let previous: Message | null = null;
  let lastDay = '';
  let next = 0;
  // System entries sit after the message they are anchored to (afterSeq), in their own order.
  const systemUpTo = (seq: number) => {
    while (next < activity.length && activity[next].afterSeq <= seq) {
      const a = activity[next++];
      rows.push({ kind: 'sys', key: `s-${a.activityId}`, estimate: 28, activity: a });
      previous = null;
    }
  };
  for (const m of messages) {
    systemUpTo(m.seq - 1);
    const day = dayKey(m.createdAt);
    let newDay = false;
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `d-${day}`, estimate: 40, label: dayLabel(m.createdAt) });
      lastDay = day;
      newDay = true;
    }
    const showHeader =
      newDay ||
      !previous ||
      previous.senderId !== m.senderId ||
      Date.parse(m.createdAt) - Date.parse(previous.createdAt) > GROUP_GAP_MS ||
      m.replyToMessageId !== null;
    rows.push({ kind: 'msg', key: `m-${m.seq}`, estimate: (showHeader ? 62 : 30) + attachmentsHeight(m), message: m, showHeader });
    previous = m;
  }
  systemUpTo(Number.MAX_SAFE_INTEGER);
  for (const p of pending) rows.push({ kind: 'pending', key: `p-${p.clientMessageId}`, estimate: 48 + 52 * p.attachments.length, pending: p });
  return rows;
}

/** An encrypted message where this browser cannot decrypt at all (no secure context). */
function unreadableHere(m: Message): Message {
  return m.ciphertext && !m.deleted ? ({ ...m, reveal: { state: 'failed', reason: 'this browser cannot decrypt' } } as Message) : m;
}

/** About how tall a message's files stand, so rows are placed near right before they are measured. */
function attachmentsHeight(m: Message): number {
  if (m.deleted || !m.attachments?.length) return 0;
  const images = m.attachments.filter(isInlineImage);
  const tallest = Math.max(0, ...images.map((a) => displaySize(a.width!, a.height!).height));
  return (images.length ? tallest + 8 : 0) + 52 * (m.attachments.length - images.length);
}

interface Props {
  store: ChatStore;
  state: ChatState;
  id: string;
  canModerate: boolean;
  onReply: (m: Message) => void;
  /** A message to scroll to and highlight (a jump from search or a reply quote). */
  focus?: Focus | null;
}

export function MessageList({ store, state, id, canModerate, onReply, focus = null }: Props) {
  const timeline = state.timelines[id] ?? emptyTimeline;
  const me = state.me.userId;
  const pending = useMemo(() => visiblePending(timeline), [timeline]);
  const groups = useGroups();
  const allActivity = useSyncExternalStore(groups?.activity.subscribe ?? noSubscribe, () => groups?.activity.of(id) ?? NO_ACTIVITY);
  const isGroupConversation = state.inbox[id]?.conversation.kind === 'group' || state.details[id]?.conversation.kind === 'group';
  useEffect(() => {
    if (groups && isGroupConversation) void groups.activity.load(id);
  }, [groups, id, isGroupConversation]);
  const activity = useMemo(
    () => entriesInRange(allActivity, timeline.messages[0]?.seq ?? null, timeline.hasOlder || !timeline.loaded),
    [allActivity, timeline.messages, timeline.hasOlder, timeline.loaded],
  );
  const rows = useMemo(() => buildRows(timeline.messages, pending, activity), [timeline.messages, pending, activity]);
  const byId = useMemo(() => new Map(timeline.messages.map((m) => [m.messageId, m])), [timeline.messages]);
  const container = useRef<HTMLDivElement>(null);
  const { offsets, total, start, end, measure, sync, viewportHeight } = useVirtualList(rows, container);
  const stick = useRef(true);
  const anchor = useRef<{ key: string; top: number } | null>(null);
  const loadingOlder = useRef(false);
  const [atBottom, setAtBottom] = useState(true);
  const seenSeq = useRef(0);
  const newest = timeline.messages[timeline.messages.length - 1]?.seq ?? 0;
  if (atBottom) seenSeq.current = newest;
  const unseen = Math.max(0, newest - seenSeq.current);
  const pad = Math.max(0, viewportHeight - total);
  const direct = state.inbox[id]?.conversation.kind === 'direct';
  const receipts = state.receipts[id] ?? { read: {}, delivered: {} };
  // Encrypted bodies show decrypted as the results land (src/encryption/decryptions.ts).
  const decryptions = useDecryptions();
  const members = useMemo(() => (state.details[id]?.members ?? []).map((m) => m.user), [state.details, id]);

  const recordAnchor = useCallback(() => {
    const el = container.current;
    if (!el || rows.length === 0) return;
    const index = Math.min(rows.length - 1, Math.max(0, upperBound(offsets, el.scrollTop - pad) - 1));
    anchor.current = { key: rows[index].key, top: offsets[index] };
  }, [offsets, rows, pad]);

  // Keep what the reader looks at still when rows are added above or measured, or follow the
  // newest message when the reader is at the bottom.
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    if (stick.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const index = rows.findIndex((r) => r.key === anchor.current!.key);
      if (index >= 0) {
        const delta = offsets[index] - anchor.current.top;
        if (delta !== 0) el.scrollTop += delta;
      }
    }
    recordAnchor();
    sync();
  });

  // A jump: once the message's row exists, scroll it to the middle and highlight it for a moment.
  const pendingFocus = useRef<Focus | null>(null);
  const [flash, setFlash] = useState<number | null>(null);
  const centred = useRef(false);
  useLayoutEffect(() => {
    if (focus) pendingFocus.current = focus;
  }, [focus]);
  useLayoutEffect(() => {
    const f = pendingFocus.current;
    const el = container.current;
    if (!f || !el) return;
    const index = rows.findIndex((r) => r.key === `m-${f.seq}`);
    if (index < 0) return;
    pendingFocus.current = null;
    stick.current = false;
    el.scrollTop = Math.max(0, offsets[index] + pad - el.clientHeight / 2);
    recordAnchor();
    sync();
    centred.current = false;
    setFlash(f.seq);
  });
  useLayoutEffect(() => {
    if (flash === null || centred.current) return;
    const node = container.current?.querySelector(`[data-key="m-${flash}"]`);
    if (node instanceof HTMLElement) {
      centred.current = true;
      node.scrollIntoView?.({ block: 'center' });
      recordAnchor();
    }
  });
  useEffect(() => {
    if (flash === null) return;
    const timer = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash]);

  const maybeLoadOlder = useCallback(() => {
    const el = container.current;
    if (!el || loadingOlder.current || !timeline.hasOlder || !timeline.loaded) return;
    if (el.scrollTop > 1200) return;
    loadingOlder.current = true;
    store
      .loadOlder(id)
      .catch(() => undefined)
      .finally(() => {
        loadingOlder.current = false;
      });
  }, [id, store, timeline.hasOlder, timeline.loaded]);

  useLayoutEffect(() => {
    maybeLoadOlder();
  }, [maybeLoadOlder, total]);

  function onScroll() {
    const el = container.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    stick.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
    recordAnchor();
    sync();
    maybeLoadOlder();
  }

  function jumpToLatest() {
    const el = container.current;
    if (!el) return;
    stick.current = true;
    el.scrollTop = el.scrollHeight;
    setAtBottom(true);
  }

  const onEdit = useCallback((m: Message, body: string) => store.edit(id, m.messageId, body), [id, store]);
  const onDelete = useCallback(
    (m: Message) => {
      if (window.confirm('Delete this message for everyone?')) void store.remove(id, m.messageId).catch((e) => alert(e.message));
    },
    [id, store],
  );
  const onReact = useCallback(
    (m: Message, emoji: string) => void store.toggleReaction(id, m.messageId, emoji).catch((e) => alert(e.message)),
    [id, store],
  );

  const onQuote = useCallback(
    (m: Message) => {
      if (!m.replyToMessageId) return;
      const quoted = byId.get(m.replyToMessageId);
      requestJump(id, quoted ? { seq: quoted.seq } : { messageId: m.replyToMessageId });
    },
    [byId, id],
  );

  const [viewing, setViewing] = useState<Attachment | null>(null);
  const onOpenImage = useCallback((a: Attachment) => setViewing(a), []);

  const mounted = rows.slice(start, end);
  return (
    <div className="list-wrap">
      <div
        ref={container}
        className="messages"
        role="log"
        aria-label="Messages"
        tabIndex={0}
        onScroll={onScroll}
        data-testid="messages"
      >
        <div className="messages-inner" style={{ height: Math.max(total, viewportHeight) }}>
          {mounted.map((row, i) => {
            const index = start + i;
            return (
              <div
                key={row.key}
                data-key={row.key}
                ref={measure}
                className={row.kind === 'msg' && row.message.seq === flash ? 'vrow jump-target' : 'vrow'}
                data-highlighted={row.kind === 'msg' && row.message.seq === flash ? 'true' : undefined}
                style={{ transform: `translateY(${offsets[index] + pad}px)` }}
              >
                {row.kind === 'top' &&
                  (timeline.hasOlder || !timeline.loaded ? (
                    <p className="list-note">Loading earlier messages…</p>
                  ) : (
                    <p className="list-note">This is the beginning of the conversation.</p>
                  ))}
                {row.kind === 'day' && (
                  <div className="day" role="separator" aria-label={row.label}>
                    <span>{row.label}</span>
                  </div>
                )}
                {row.kind === 'msg' && (() => {
                  const m = decryptions ? localMentions(decryptions.reveal(row.message), members) : unreadableHere(row.message);
                  const held = m.replyToMessageId ? (byId.get(m.replyToMessageId) ?? null) : null;
                  const quoted = held && decryptions ? decryptions.reveal(held) : held;
                  const receipt = m.senderId === me ? receiptFor(m.seq, receipts) : null;
                  return (
                    <MessageRow
                      message={m}
                      senderName={userName(state.users, m.senderId)}
                      senderAvatarId={state.users[m.senderId]?.avatarId ?? null}
                      showHeader={row.showHeader}
                      mine={m.senderId === me}
                      canDelete={m.senderId === me || canModerate}
                      replyName={m.replyToMessageId ? (quoted ? userName(state.users, quoted.senderId) : 'a message') : null}
                      replyMessage={quoted}
                      onQuote={onQuote}
                      receipt={receipt?.state ?? null}
                      readBy={receipt?.readBy ?? 0}
                      direct={direct}
                      myReactions={state.myReactions}
                      onReply={onReply}
                      onEdit={onEdit}
                      onDelete={onDelete}
                      onReact={onReact}
                      onOpenImage={onOpenImage}
                    />
                  );
                })()}
                {row.kind === 'sys' && (
                  <p className="system-entry" data-testid="system-entry">
                    {activityText(row.activity, me)}
                  </p>
                )}
                {row.kind === 'pending' && (
                  <PendingRow
                    p={row.pending}
                    onRetry={() => store.retry(id, row.pending.clientMessageId)}
                    onDiscard={() => store.discard(id, row.pending.clientMessageId)}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {viewing && <Lightbox attachment={viewing} onClose={() => setViewing(null)} />}
      {!atBottom && (
        <button type="button" className="jump" onClick={jumpToLatest}>
          {unseen > 0 ? `${unseen} new message${unseen === 1 ? '' : 's'} — jump to latest` : 'Jump to latest'}
        </button>
      )}
    </div>
  );
}
