// Which live messages notify me while the tab is hidden (docs/adr/0156): the same rule as Web Push
// on the server (NotificationLevel.notifies): never my own, "all" for every message, "mentions" for
// a message that names me or @here/@everyone, "muted" for none.
import type { Message } from '../api/types';

export type NotificationLevel = 'all' | 'mentions' | 'muted';

/** A message as the push and REST contract carries it, mention fields included. */
export type MentioningMessage = Message & { mentions?: string[]; mentionsEveryone?: boolean };

export function levelOf(entry: unknown): NotificationLevel {
  const e = entry as { notificationLevel?: unknown; conversation?: { notificationLevel?: unknown } } | undefined;
  const level = e?.notificationLevel ?? e?.conversation?.notificationLevel;
  return level === 'mentions' || level === 'muted' ? level : 'all';
}

export function mentionsMe(message: MentioningMessage, me: string): boolean {
  if (message.senderId === me) return false;
  return message.mentionsEveryone === true || (message.mentions ?? []).includes(me);
}

export function shouldNotify(level: NotificationLevel, message: MentioningMessage, me: string): boolean {
  if (message.senderId === me || message.deleted) return false;
  if (level === 'all') return true;
  return level === 'mentions' && mentionsMe(message, me);
}

const MAX_BODY = 140;

/** Title and body as the server's push payload has them: the group or the sender, then the text. */
export function notificationText(
  message: MentioningMessage,
  senderName: string,
  groupName: string | null,
): { title: string; body: string } {
  const text = (message.body ?? '').trim().replace(/\s+/g, ' ');
  const chars = Array.from(text);
  // End-to-end encrypted: like the server's Web Push, no text (it would show on a locked screen).
  const encrypted = !!(message as { ciphertext?: string | null }).ciphertext;
  const shown = encrypted
    ? 'New encrypted message'
    : text === '' && message.attachments.length > 0
    ? 'sent a file'
    : chars.length > MAX_BODY ? chars.slice(0, MAX_BODY - 1).join('') + '…' : text;
  if (groupName !== null) {
    return { title: groupName, body: `${senderName}${shown === 'sent a file' ? ' ' : ': '}${shown}` };
  }
  return { title: senderName, body: shown };
}

/** The app's URL of a conversation (router.ts). */
export function conversationPath(conversationId: string): string {
  return `/c/${conversationId}`;
}
