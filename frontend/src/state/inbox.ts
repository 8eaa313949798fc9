// Pure functions over the sidebar inbox: newest activity first, previews and unread counts.
import type { Conversation, InboxItem, Message, NotificationLevel, User } from '../api/types';

export interface InboxEntry {
  conversation: Conversation;
  lastMessage: Message | null;
  lastSeq: number;
  readSeq: number;
  unreadCount: number;
  peer: User | null;
  /** The server's `lastActivityAt` (joins and creation count as activity too), when it sends one. */
  activityAt?: string;
  /** Unread messages that mention me (src/mentions). */
  mentionCount?: number;
  notificationLevel?: NotificationLevel;
}

export function activityOf(entry: InboxEntry): string {
  const candidates = [entry.lastMessage?.createdAt, entry.activityAt, entry.conversation.createdAt];
  return candidates.filter((t): t is string => !!t).sort().pop()!;
}

/** Newest activity first; ties broken by id so the order is stable between renders. */
export function sortInbox(entries: InboxEntry[]): InboxEntry[] {
  return entries.slice().sort((a, b) => {
    const byTime = activityOf(b).localeCompare(activityOf(a));
    return byTime !== 0
      ? byTime
      : a.conversation.conversationId.localeCompare(b.conversation.conversationId);
  });
}

/** Accepts both the nested `{conversation, …}` row and a flattened conversation row. */
export function normaliseInboxItem(raw: unknown): InboxEntry {
  const item = raw as Partial<InboxItem> & Partial<Conversation> & Record<string, unknown>;
  const conversation = (item.conversation ?? item) as Conversation;
  const lastSeq = Number(item.lastSeq ?? conversation.lastSeq ?? 0);
  const readSeq = Number(item.readSeq ?? 0);
  return {
    conversation: { ...conversation, lastSeq },
    lastMessage: item.lastMessage ?? null,
    lastSeq,
    readSeq,
    unreadCount: Number(item.unreadCount ?? Math.max(0, lastSeq - readSeq)),
    peer: (item.peer as User | undefined) ?? (item.otherUser as User | undefined) ?? null,
    activityAt: typeof item.lastActivityAt === 'string' ? item.lastActivityAt : undefined,
    mentionCount: Number(item.mentionCount ?? 0),
    notificationLevel: item.notificationLevel ?? 'all',
  };
}

export function entryFor(conversation: Conversation, peer: User | null = null): InboxEntry {
  return {
    conversation,
    lastMessage: null,
    lastSeq: conversation.lastSeq ?? 0,
    readSeq: conversation.lastSeq ?? 0,
    unreadCount: 0,
    peer,
  };
}

/**
 * A message reached this device. It becomes the preview when it is the newest; it counts as
 * unread when someone else wrote it, it is newer than anything counted, and nobody is looking.
 */
export function applyMessage(
  entry: InboxEntry,
  message: Message,
  myUserId: string,
  viewing: boolean,
): InboxEntry {
  if (message.seq <= entry.lastSeq) {
    // A re-delivery or an older message: only refresh the preview if it is the same message.
    if (entry.lastMessage && entry.lastMessage.seq === message.seq) {
      return { ...entry, lastMessage: message };
    }
    return entry;
  }
  const mine = message.senderId === myUserId;
  const readSeq = mine || viewing ? message.seq : entry.readSeq;
  const unreadCount = mine || viewing ? 0 : entry.unreadCount + (message.seq - entry.lastSeq);
  const mentionCount = mine || viewing ? 0 : (entry.mentionCount ?? 0) + (mentionsMe(message, myUserId) ? 1 : 0);
  return {
    ...entry,
    mentionCount,
    conversation: { ...entry.conversation, lastSeq: message.seq },
    lastMessage: message,
    lastSeq: message.seq,
    readSeq,
    unreadCount,
  };
}

/** My read marker moved (on this device or another): it only moves forward. */
export function applyMyRead(entry: InboxEntry, seq: number): InboxEntry {
  if (seq <= entry.readSeq) return entry;
  const readSeq = seq;
  const mentionCount = seq >= entry.lastSeq ? 0 : entry.mentionCount;
  return { ...entry, readSeq, unreadCount: Math.max(0, entry.lastSeq - readSeq), mentionCount };
}

/** A message was deleted: an unread mention of me in it no longer counts. */
export function forgetMention(entry: InboxEntry, message: Message, myUserId: string): InboxEntry {
  if (message.deleted || message.seq <= entry.readSeq || !mentionsMe(message, myUserId) || !entry.mentionCount) return entry;
  return { ...entry, mentionCount: entry.mentionCount - 1 };
}

/** Whether a message mentions me by name or by an allowed `@here`/`@everyone`; never my own. */
export function mentionsMe(message: Message, myUserId: string): boolean {
  if (message.senderId === myUserId) return false;
  return !!message.mentionsEveryone || (message.mentions ?? []).includes(myUserId);
}

export function totalUnread(entries: InboxEntry[]): number {
  return entries.reduce((sum, e) => sum + e.unreadCount, 0);
}
