import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Http } from '../api/http';
import type { GatewayEvent } from '../api/types';
import * as bus from '../search/bus';
import { DesktopNotifications, base64UrlToBytes, type Subscriber } from './desktop';

function fakeHttp() {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const http = {
    get: vi.fn(async (path: string) => {
      calls.push({ method: 'GET', path });
      return { publicKey: 'BAEC' };
    }),
    post: vi.fn(async (path: string, body?: unknown) => {
      calls.push({ method: 'POST', path, body });
    }),
    delete: vi.fn(async (path: string) => {
      calls.push({ method: 'DELETE', path });
    }),
  };
  return { http: http as unknown as Http, calls };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

function fakeSubscriber(endpoint = 'https://push.example/sub/1'): Subscriber & { shown: unknown[] } {
  const shown: unknown[] = [];
  let subscribed = false;
  return {
    shown,
    subscribe: vi.fn(async () => {
      subscribed = true;
      return { endpoint, keys: { p256dh: 'pk', auth: 'au' } };
    }),
    current: vi.fn(async () => (subscribed ? { endpoint, keys: { p256dh: 'pk', auth: 'au' } } : null)),
    unsubscribe: vi.fn(async () => (subscribed ? ((subscribed = false), endpoint) : null)),
    show: vi.fn(async (title: string, options: NotificationOptions, onClick: () => void) => {
      shown.push({ title, options, onClick });
    }),
  };
}

let permission: NotificationPermission = 'default';
beforeEach(() => {
  permission = 'default';
  (globalThis as any).Notification = {
    get permission() {
      return permission;
    },
    requestPermission: vi.fn(async () => (permission = 'granted')),
  };
});
afterEach(() => {
  delete (globalThis as any).Notification;
});

const CONVERSATION = '0f8fad5b-d9cb-469f-a165-70867728950e';
function created(over: Record<string, unknown> = {}): GatewayEvent {
  return {
    op: 'event',
    type: 'message.created',
    conversationId: CONVERSATION,
    data: {
      messageId: '1', conversationId: CONVERSATION, seq: 4, senderId: 'ann', body: 'hi there',
      replyToMessageId: null, createdAt: '', editedAt: null, deleted: false, reactions: {}, attachments: [],
      mentions: [], mentionsEveryone: false, ...over,
    },
  } as unknown as GatewayEvent;
}

function context(level: string, hidden = true, navigate = vi.fn()) {
  return {
    me: () => 'me',
    entry: () => ({ conversation: { kind: 'group', name: 'Team' }, notificationLevel: level }) as never,
    senderName: () => 'Ann',
    navigate,
    hidden: () => hidden,
  };
}

describe('desktop notifications', () => {
  it('on: asks permission, subscribes with the VAPID key and posts the subscription', async () => {
    const { http, calls } = fakeHttp();
    const subscriber = fakeSubscriber();
    const notifications = new DesktopNotifications(http, subscriber, memoryStorage());
    expect(await notifications.enable()).toBeNull();
    expect(notifications.enabled()).toBe(true);
    expect(subscriber.subscribe).toHaveBeenCalledWith(base64UrlToBytes('BAEC'));
    expect(calls).toEqual([
      { method: 'GET', path: '/api/push/vapid-key' },
      { method: 'POST', path: '/api/push/subscriptions', body: { endpoint: 'https://push.example/sub/1', keys: { p256dh: 'pk', auth: 'au' } } },
    ]);
  });

  it('off: unsubscribes the browser and deletes the endpoint on the server', async () => {
    const { http, calls } = fakeHttp();
    const notifications = new DesktopNotifications(http, fakeSubscriber('https://push.example/a b'), memoryStorage());
    await notifications.enable();
    await notifications.disable();
    expect(notifications.enabled()).toBe(false);
    expect(calls.at(-1)).toEqual({ method: 'DELETE', path: '/api/push/subscriptions?endpoint=https%3A%2F%2Fpush.example%2Fa%20b' });
  });

  it('signing in again re-registers the subscription; logging out turns notifications off', async () => {
    const { http, calls } = fakeHttp();
    const storage = memoryStorage();
    const subscriber = fakeSubscriber();
    await new DesktopNotifications(http, subscriber, storage).enable();
    const later = new DesktopNotifications(http, subscriber, storage);
    await later.resume();
    expect(calls.at(-1)).toEqual({ method: 'POST', path: '/api/push/subscriptions', body: { endpoint: 'https://push.example/sub/1', keys: { p256dh: 'pk', auth: 'au' } } });
    await later.signOut();
    expect(later.enabled()).toBe(false);
    expect(calls.at(-1)?.method).toBe('DELETE');
  });

  it('a refused permission leaves notifications off', async () => {
    const { http } = fakeHttp();
    (globalThis as any).Notification.requestPermission = vi.fn(async () => (permission = 'denied'));
    const notifications = new DesktopNotifications(http, fakeSubscriber(), memoryStorage());
    await expect(notifications.enable()).rejects.toThrow(/blocked/);
    expect(notifications.enabled()).toBe(false);
  });

  it('with no push service, still notifies while the tab is open', async () => {
    const { http } = fakeHttp();
    const subscriber = fakeSubscriber();
    subscriber.subscribe = vi.fn(async () => {
      throw new DOMException('no push service', 'AbortError');
    });
    const notifications = new DesktopNotifications(http, subscriber, memoryStorage());
    expect(await notifications.enable()).toMatch(/while Parley is open/);
    expect(notifications.enabled()).toBe(true);
  });

  it('shows a hidden tab\'s new message by level and mentions; a click opens the conversation', async () => {
    const { http } = fakeHttp();
    const subscriber = fakeSubscriber();
    const notifications = new DesktopNotifications(http, subscriber, memoryStorage());
    await notifications.enable();
    const navigate = vi.fn();
    notifications.onEvent(created(), context('all', true, navigate));
    notifications.onEvent(created(), context('all', false));
    notifications.onEvent(created(), context('mentions'));
    notifications.onEvent(created({ mentions: ['me'], seq: 5 }), context('mentions'));
    notifications.onEvent(created({ mentionsEveryone: true }), context('muted'));
    notifications.onEvent(created({ senderId: 'me' }), context('all'));
    await vi.waitFor(() => expect(subscriber.shown).toHaveLength(2));
    const first = subscriber.shown[0] as { title: string; options: NotificationOptions; onClick: () => void };
    expect(first.title).toBe('Team');
    expect(first.options.body).toBe('Ann: hi there');
    const jump = vi.spyOn(bus, 'requestJump');
    first.onClick();
    expect(navigate).toHaveBeenCalledWith(`/c/${CONVERSATION}`);
    expect(jump).toHaveBeenCalledWith(CONVERSATION, { seq: 4 }); // opened at the message itself
    jump.mockRestore();
    expect((subscriber.shown[1] as { options: NotificationOptions }).options.data).toEqual({ conversationId: CONVERSATION, seq: 5 });
  });

  it('shows nothing while turned off', () => {
    const { http } = fakeHttp();
    const subscriber = fakeSubscriber();
    new DesktopNotifications(http, subscriber, memoryStorage()).onEvent(created(), context('all'));
    expect(subscriber.shown).toHaveLength(0);
  });
});
