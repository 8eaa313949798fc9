// The service worker at public/sw.js, run against a fake worker scope: what a push shows and where
// a click goes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

type Listener = (event: any) => void;

function loadWorker(windows: any[] = []) {
  const listeners: Record<string, Listener> = {};
  const shown: { title: string; options: any }[] = [];
  const scope = {
    addEventListener: (type: string, listener: Listener) => {
      listeners[type] = listener;
    },
    skipWaiting: vi.fn(),
    registration: {
      showNotification: vi.fn(async (title: string, options: any) => {
        shown.push({ title, options });
      }),
    },
    clients: {
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async (url: string) => ({ url })),
      claim: vi.fn(async () => undefined),
    },
  };
  const code = readFileSync(resolve(__dirname, '../../public/sw.js'), 'utf8');
  new Function('self', code)(scope);
  async function dispatch(type: string, event: any) {
    let waited: Promise<unknown> = Promise.resolve();
    listeners[type]({ ...event, waitUntil: (p: Promise<unknown>) => (waited = p) });
    return waited;
  }
  return { scope, shown, dispatch };
}

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('service worker', () => {
  it('shows a push as a notification tagged by conversation, carrying where to go', async () => {
    const { shown, dispatch } = loadWorker();
    await dispatch('push', {
      data: { json: () => ({ conversationId: ID, seq: 7, messageId: '42', title: 'Team', body: 'Ann: hi' }) },
    });
    expect(shown).toEqual([
      {
        title: 'Team',
        options: { body: 'Ann: hi', tag: `conversation:${ID}`, data: { conversationId: ID, seq: 7, messageId: '42' } },
      },
    ]);
  });

  it('shows something sensible for a payload it cannot read', async () => {
    const { shown, dispatch } = loadWorker();
    await dispatch('push', { data: { json: () => { throw new SyntaxError('bad'); } } });
    await dispatch('push', { data: null });
    expect(shown.map((n) => n.title)).toEqual(['Parley', 'Parley']);
  });

  it('a click focuses an open tab and asks it to open the conversation at that message', async () => {
    const tab = { focused: false, focus: vi.fn(async () => tab), postMessage: vi.fn() };
    const { scope, dispatch } = loadWorker([tab]);
    const close = vi.fn();
    await dispatch('notificationclick', { notification: { close, data: { conversationId: ID, seq: 7 } } });
    expect(close).toHaveBeenCalled();
    expect(tab.focus).toHaveBeenCalled();
    expect(tab.postMessage).toHaveBeenCalledWith({ type: 'parley.open-conversation', conversationId: ID, seq: 7 });
    expect(scope.clients.openWindow).not.toHaveBeenCalled();
  });

  it('a click with no tab open opens the conversation URL', async () => {
    const { scope, dispatch } = loadWorker([]);
    await dispatch('notificationclick', { notification: { close: vi.fn(), data: { conversationId: ID, seq: 3 } } });
    expect(scope.clients.openWindow).toHaveBeenCalledWith(`/c/${ID}`);
  });

  it('never opens a URL it did not build from a conversation id', async () => {
    const { scope, dispatch } = loadWorker([]);
    await dispatch('notificationclick', {
      notification: { close: vi.fn(), data: { conversationId: 'https://evil.example/x' } },
    });
    expect(scope.clients.openWindow).toHaveBeenCalledWith('/');
  });
});
