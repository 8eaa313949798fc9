// Decrypted message bodies, kept for the session (in memory only, never stored). Rendering asks
// `reveal(message)` and gets at once what is known — the plaintext, "decrypting", or why it cannot
// be read — while unknown messages are decrypted in the background, newest asked first, a few at a
// time; subscribers re-render when a result lands. Keyed by message id and ciphertext, so an edit
// (a new ciphertext) is decrypted anew and a message seen again costs nothing.
import type { Message } from '../api/types';
import { splitMentions } from '../mentions/parse';
import type { Reveal } from './service';

const CONCURRENCY = 2;

export type RevealedMessage = Message & { reveal?: Reveal };

export class Decryptions {
  private results = new Map<string, Reveal>();
  private queued: { key: string; message: Message }[] = [];
  private running = 0;
  private listeners = new Set<() => void>();
  private version = 0;
  private revealed = new WeakMap<Message, { result: Reveal; message: RevealedMessage }>();

  constructor(private readonly decrypt: (message: Message) => Promise<Reveal>) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever a result lands: for useSyncExternalStore. */
  getVersion = (): number => this.version;

  /** What a message shows now; starts decrypting it when nothing is known yet. */
  get(message: Message): Reveal {
    if (!message.ciphertext || message.deleted) return { state: 'plain' };
    const key = keyOf(message);
    const known = this.results.get(key);
    if (known) return known;
    const pending: Reveal = { state: 'pending' };
    this.results.set(key, pending);
    this.queued.push({ key, message });
    queueMicrotask(() => this.pump()); // never inside a render
    return pending;
  }

  /** The message with its body replaced by the plaintext when it is readable (for previews, quotes, edits). */
  reveal<M extends Message | null | undefined>(message: M): M extends Message ? RevealedMessage : M {
    if (!message) return message as never;
    const reveal = this.get(message);
    if (reveal.state === 'plain') return message as never;
    // The same object while nothing changed, so memoised rows do not render again.
    const known = this.revealed.get(message);
    if (known && known.result === reveal) return known.message as never;
    const shown: RevealedMessage = { ...message, body: reveal.state === 'ok' ? reveal.body : null, reveal };
    this.revealed.set(message, { result: reveal, message: shown });
    return shown as never;
  }

  /** What this device sent: known without decrypting it again. */
  seed(message: Message, body: string): void {
    if (!message.ciphertext) return;
    this.results.set(keyOf(message), { state: 'ok', body });
    this.changed();
  }

  /** Tries again every message that could not be read (after a key backup was restored). */
  retryUnreadable(): void {
    let any = false;
    for (const [key, result] of this.results) {
      if (result.state === 'failed' || result.state === 'before-device') {
        this.results.delete(key);
        any = true;
      }
    }
    if (any) this.changed();
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queued.length > 0) {
      const { key, message } = this.queued.pop()!; // the newest asked: what is on screen now
      this.running++;
      this.decrypt(message)
        .catch((error: unknown): Reveal => ({ state: 'failed', reason: error instanceof Error ? error.message : String(error) }))
        .then((result) => {
          this.results.set(key, result.state === 'plain' ? { state: 'failed', reason: 'not encrypted' } : result);
          this.changed();
        })
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * The members an encrypted message names by `@username`, found locally in its plaintext (the server
 * cannot resolve mentions it cannot read), so the reader's own name is highlighted as elsewhere.
 */
export function localMentions(message: RevealedMessage, members: { userId: string; username: string }[]): RevealedMessage {
  if (message.reveal?.state !== 'ok' || !message.body || (message.mentions?.length ?? 0) > 0) return message;
  const named = new Set(
    splitMentions(message.body)
      .filter((p) => p.kind === 'mention')
      .map((p) => (p as { name: string }).name.toLowerCase()),
  );
  if (named.size === 0) return message;
  const mentions = members.filter((m) => m.username && named.has(m.username.toLowerCase())).map((m) => m.userId);
  return mentions.length > 0 ? { ...message, mentions } : message;
}

function keyOf(message: Message): string {
  return `${message.conversationId}/${message.messageId}/${message.ciphertext}`;
}
