// Desktop notifications (docs/adr/0156): Web Push through the service worker at /sw.js for when no
// Parley tab is open, and the Notification API for live messages while the tab is hidden.
import type { Http } from '../api/http';
import type { GatewayEvent } from '../api/types';
import type { InboxEntry } from '../state/inbox';
import { requestJump } from '../search/bus';
import { conversationPath, levelOf, notificationText, shouldNotify, type MentioningMessage } from './policy';

const STORAGE_KEY = 'parley.desktopNotifications';

export interface Subscriber {
  /** The browser's push subscription as JSON (`PushSubscription.toJSON()`), or null. */
  subscribe(applicationServerKey: Uint8Array): Promise<PushSubscriptionJSON | null>;
  /** The browser's current subscription, if it has one (never asks for a new one). */
  current(): Promise<PushSubscriptionJSON | null>;
  /** Unsubscribes the browser; the endpoint it had, or null. */
  unsubscribe(): Promise<string | null>;
  show(title: string, options: NotificationOptions, onClick: () => void): Promise<void>;
}

export function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function pushSupported(): boolean {
  return supported() && 'serviceWorker' in navigator && 'PushManager' in window;
}

/** The browser's own registration and push manager. */
export const browserSubscriber: Subscriber = {
  async subscribe(applicationServerKey) {
    if (!pushSupported()) return null;
    const registration = await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    const existing = await registration.pushManager.getSubscription();
    const subscription =
      existing ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: applicationServerKey as BufferSource,
      }));
    return subscription.toJSON();
  },
  async current() {
    if (!pushSupported()) return null;
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    return subscription ? subscription.toJSON() : null;
  },
  async unsubscribe() {
    if (!pushSupported()) return null;
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return null;
    const endpoint = subscription.endpoint;
    await subscription.unsubscribe().catch(() => false);
    return endpoint;
  },
  async show(title, options, onClick) {
    const notification = new Notification(title, options);
    notification.onclick = () => {
      window.focus();
      notification.close();
      onClick();
    };
  },
};

export interface NotifierContext {
  me: () => string;
  entry: (conversationId: string) => InboxEntry | undefined;
  senderName: (userId: string) => string | Promise<string>;
  navigate: (path: string) => void;
  hidden: () => boolean;
}

export class DesktopNotifications {
  constructor(
    private readonly http: Http,
    private readonly subscriber: Subscriber = browserSubscriber,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
  ) {}

  enabled(): boolean {
    return this.storage.getItem(STORAGE_KEY) === 'on' && supported() && Notification.permission === 'granted';
  }

  /**
   * Asks for permission, then subscribes this browser for Web Push and registers it with the
   * server. Returns a note for the user when push itself is unavailable (notifications then show
   * only while a Parley tab is open).
   */
  async enable(): Promise<string | null> {
    if (!supported()) throw new Error('This browser cannot show notifications.');
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') throw new Error('Notifications are blocked for this site in the browser.');
    this.storage.setItem(STORAGE_KEY, 'on');
    try {
      const { publicKey } = await this.http.get<{ publicKey: string }>('/api/push/vapid-key');
      const subscription = await this.subscriber.subscribe(base64UrlToBytes(publicKey));
      if (!subscription) return 'This browser has no push service: notifications show while Parley is open.';
      await this.http.post('/api/push/subscriptions', { endpoint: subscription.endpoint, keys: subscription.keys });
      return null;
    } catch {
      return 'Push could not be set up: notifications show while Parley is open.';
    }
  }

  /** Turns notifications off here: the browser unsubscribes and the server forgets the endpoint. */
  async disable(): Promise<void> {
    this.storage.removeItem(STORAGE_KEY);
    const endpoint = await this.subscriber.unsubscribe().catch(() => null);
    if (endpoint) {
      await this.http
        .delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(endpoint)}`)
        .catch(() => undefined);
    }
  }

  /**
   * On sign-in with notifications on: registers the browser's existing subscription again, now
   * under this device session (idempotent; the server drops a subscription with its session).
   */
  async resume(): Promise<void> {
    if (!this.enabled()) return;
    const subscription = await this.subscriber.current().catch(() => null);
    if (subscription?.endpoint && subscription.keys) {
      await this.http
        .post('/api/push/subscriptions', { endpoint: subscription.endpoint, keys: subscription.keys })
        .catch(() => undefined);
    }
  }

  /**
   * On logout: notifications are turned off for this browser (the next person to sign in here
   * chooses for themself) and the subscription dropped; the server also drops it with the session.
   */
  async signOut(): Promise<void> {
    this.storage.removeItem(STORAGE_KEY);
    const endpoint = await this.subscriber.unsubscribe().catch(() => null);
    if (endpoint) {
      await this.http
        .delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(endpoint)}`)
        .catch(() => undefined);
    }
  }

  /** A live event: a notification for a new message that should notify while the tab is hidden. */
  onEvent(event: GatewayEvent, context: NotifierContext): void {
    if (event.type !== 'message.created' || !this.enabled() || !context.hidden()) return;
    const message = event.data as MentioningMessage;
    const entry = context.entry(message.conversationId);
    if (!shouldNotify(levelOf(entry), message, context.me())) return;
    const group = entry && entry.conversation.kind === 'group' ? entry.conversation.name ?? 'Group' : null;
    const conversationId = message.conversationId;
    void Promise.resolve(context.senderName(message.senderId))
      .catch(() => 'Someone')
      .then((name) => {
        const { title, body } = notificationText(message, name, group);
        return this.subscriber.show(
          title,
          { body, tag: `conversation:${conversationId}`, data: { conversationId, seq: message.seq } },
          () => {
            // open the conversation at the message, as a search result does (src/search/bus)
            requestJump(conversationId, { seq: message.seq });
            context.navigate(conversationPath(conversationId));
          },
        );
      })
      .catch(() => undefined);
  }
}

/** Opens the conversation a click in the service worker asks for (`parley.open-conversation`). */
export function listenForWorkerClicks(navigate: (path: string) => void): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => undefined;
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: string; conversationId?: unknown; seq?: unknown } | null;
    if (data?.type === 'parley.open-conversation' && typeof data.conversationId === 'string'
      && /^[0-9a-fA-F-]{36}$/.test(data.conversationId)) {
      const conversationId = data.conversationId.toLowerCase();
      // a push names its message: open the conversation there (src/search/bus)
      if (typeof data.seq === 'number' && Number.isSafeInteger(data.seq) && data.seq > 0) {
        requestJump(conversationId, { seq: data.seq });
      }
      navigate(conversationPath(conversationId));
    }
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}
