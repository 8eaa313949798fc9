// Pure functions over one conversation's messages: ordering by seq, gap detection and the
// reconciliation of optimistic sends. Kept free of React and I/O so they are unit tested.
import type { Attachment, Message } from '../api/types';

export type SendStatus = 'pending' | 'failed';

/** A message typed here and not yet confirmed by the server. */
export interface PendingMessage {
  clientMessageId: string;
  conversationId: string;
  body: string;
  replyToMessageId: string | null;
  /** Uploaded files sent with it (their uploadIds become the attachments' ids). */
  attachments: Attachment[];
  createdAt: string;
  status: SendStatus;
  error?: string;
  /** Seq of the confirmed message this one turned out to be (seen on the socket first). */
  matchedSeq?: number;
}

export interface Timeline {
  /** Confirmed messages, ascending by seq, each seq once. */
  messages: Message[];
  pending: PendingMessage[];
  /** False once the first message (seq 1) is held or the server said there is nothing older. */
  hasOlder: boolean;
  loaded: boolean;
}

export const emptyTimeline: Timeline = { messages: [], pending: [], hasOlder: true, loaded: false };

export function maxSeq(timeline: Timeline): number {
  const last = timeline.messages[timeline.messages.length - 1];
  return last ? last.seq : 0;
}

/**
 * Merges messages into an ascending, duplicate-free list. A message seen again replaces the
 * held one (edits, deletes and reactions arrive as whole messages), so re-delivery is harmless.
 */
export function mergeMessages(held: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return held;
  const bySeq = new Map<number, Message>();
  for (const m of held) bySeq.set(m.seq, m);
  let changed = false;
  for (const m of incoming) {
    const old = bySeq.get(m.seq);
    if (old !== m) {
      bySeq.set(m.seq, m);
      changed = true;
    }
  }
  if (!changed) return held;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The seq after which the ascending list first skips one, or null when it runs without a gap. */
export function firstGap(messages: Message[]): number | null {
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].seq > messages[i - 1].seq + 1) return messages[i - 1].seq;
  }
  return null;
}

export type Arrival = 'next' | 'duplicate' | 'gap';

/**
 * How a live message relates to what is held. Seqs have no gaps, so anything beyond
 * held+1 means something was missed and must be fetched by REST before trusting the list.
 */
export function classifyArrival(heldMaxSeq: number, seq: number): Arrival {
  if (seq <= heldMaxSeq) return 'duplicate';
  if (seq === heldMaxSeq + 1) return 'next';
  return 'gap';
}

/** Applies one live message; returns the new timeline and whether a gap must be filled. */
export function applyLiveMessage(
  timeline: Timeline,
  message: Message,
  myUserId: string,
): { timeline: Timeline; gapAfter: number | null } {
  if (!timeline.loaded) {
    // Held until the first page arrives: that page may have been asked for before this message
    // was stored, so it is merged with what arrived meanwhile (and a gap between them filled).
    const pending =
      message.senderId === myUserId ? matchPending(timeline.pending, message) : timeline.pending;
    return { timeline: { ...timeline, messages: mergeMessages(timeline.messages, [message]), pending }, gapAfter: null };
  }
  const held = maxSeq(timeline);
  const arrival = classifyArrival(held, message.seq);
  const messages = mergeMessages(timeline.messages, [message]);
  const pending =
    message.senderId === myUserId ? matchPending(timeline.pending, message) : timeline.pending;
  return {
    timeline: { ...timeline, messages, pending },
    gapAfter: arrival === 'gap' && timeline.messages.length > 0 ? held : null,
  };
}

/**
 * The socket may deliver my own message before the POST that sent it returns. The oldest
 * in-flight send with the same body and files is that message: hide it so it never shows twice.
 */
export function matchPending(pending: PendingMessage[], message: Message): PendingMessage[] {
  if (pending.some((p) => p.matchedSeq === message.seq)) return pending;
  const files = fileIds(message.attachments ?? []);
  const index = pending.findIndex(
    (p) =>
      p.status === 'pending' &&
      p.matchedSeq === undefined &&
      (p.body || null) === (message.body || null) &&
      fileIds(p.attachments) === files,
  );
  if (index < 0) return pending;
  const copy = pending.slice();
  copy[index] = { ...copy[index], matchedSeq: message.seq };
  return copy;
}

function fileIds(attachments: Attachment[]): string {
  return attachments.map((a) => a.attachmentId).join(',');
}

/** The server confirmed a send: the pending entry becomes the confirmed message. */
export function confirmSend(timeline: Timeline, clientMessageId: string, message: Message): Timeline {
  return {
    ...timeline,
    messages: mergeMessages(timeline.messages, [message]),
    pending: timeline.pending.filter((p) => p.clientMessageId !== clientMessageId),
  };
}

export function failSend(timeline: Timeline, clientMessageId: string, error: string): Timeline {
  return {
    ...timeline,
    pending: timeline.pending.map((p) =>
      p.clientMessageId === clientMessageId ? { ...p, status: 'failed', error } : p,
    ),
  };
}

/** A retry keeps the same clientMessageId, so the server returns the first message if it has one. */
export function retrySend(timeline: Timeline, clientMessageId: string): Timeline {
  return {
    ...timeline,
    pending: timeline.pending.map((p) =>
      p.clientMessageId === clientMessageId ? { ...p, status: 'pending', error: undefined } : p,
    ),
  };
}

/** Adds an older page (from `before=`); the list stays ascending and duplicate-free. */
export function prependPage(timeline: Timeline, page: Message[], more: boolean): Timeline {
  const messages = mergeMessages(timeline.messages, page);
  const first = messages[0];
  return {
    ...timeline,
    messages,
    loaded: true,
    hasOlder: more && !(first && first.seq <= 1),
  };
}

export function visiblePending(timeline: Timeline): PendingMessage[] {
  return timeline.pending.filter((p) => p.matchedSeq === undefined);
}

/** Delivery state of my confirmed message as the sender sees it. */
export type Receipt = 'sent' | 'delivered' | 'read';

export function receiptFor(
  seq: number,
  others: { read: Record<string, number>; delivered: Record<string, number> },
): { state: Receipt; readBy: number } {
  const readBy = Object.values(others.read).filter((s) => s >= seq).length;
  if (readBy > 0) return { state: 'read', readBy };
  const deliveredTo = Object.values(others.delivered).filter((s) => s >= seq).length;
  return { state: deliveredTo > 0 ? 'delivered' : 'sent', readBy: 0 };
}
