import type { Message, User } from '../api/types';
import { messageText } from '../files/rules';
import type { InboxEntry } from '../state/inbox';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0] ?? '?'];
  return letters.map((p) => Array.from(p)[0] ?? '').join('').toUpperCase() || '?';
}

/** A stable hue per user, so avatars are recognisable at a glance. */
export function hueOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const today = dayKey(now.toISOString());
  const yesterday = dayKey(new Date(now.getTime() - 86_400_000).toISOString());
  const key = dayKey(iso);
  if (key === today) return 'Today';
  if (key === yesterday) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

export function timeLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function shortWhen(iso: string, now = new Date()): string {
  return dayKey(iso) === dayKey(now.toISOString())
    ? timeLabel(iso)
    : new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function userName(users: Record<string, User>, userId: string): string {
  return users[userId]?.displayName ?? `User ${userId.slice(0, 4)}`;
}

export function conversationTitle(entry: InboxEntry | undefined, users: Record<string, User>, me: string): string {
  if (!entry) return 'Conversation';
  const c = entry.conversation;
  if (c.name) return c.name;
  if (entry.peer) return entry.peer.displayName;
  if (c.kind === 'direct') {
    const other = entry.lastMessage && entry.lastMessage.senderId !== me ? entry.lastMessage.senderId : null;
    return other ? userName(users, other) : 'Direct conversation';
  }
  return 'Conversation';
}

export function preview(message: Message | null, users: Record<string, User>, me: string): string {
  if (!message) return 'No messages yet';
  const who = message.senderId === me ? 'You' : userName(users, message.senderId);
  return `${who}: ${shownText(message)}`;
}

/**
 * A message's text for a preview or quote. An encrypted one (src/encryption) shows its decrypted
 * text once known, else says it is encrypted; its ciphertext is never shown.
 */
export function shownText(message: Message): string {
  const reveal = (message as Message & { reveal?: { state: string } }).reveal;
  if (!message.deleted && reveal && reveal.state !== 'ok') return reveal.state === 'pending' ? '🔒 Decrypting…' : '🔒 Encrypted message';
  if (!message.deleted && !reveal && message.ciphertext) return '🔒 Encrypted message';
  return messageText(message);
}
