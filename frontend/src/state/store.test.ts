import { describe, expect, it, vi } from 'vitest';
import { ProblemError, type Http } from '../api/http';
import type { GatewayEvent, Message } from '../api/types';
import { ALICE, CONV, ME, conversation, message } from './fixtures';
import { ACK_INTERVAL_MS, ChatStore, READ_INTERVAL_MS } from './store';

const me = { userId: ME, username: 'me', displayName: 'Me', createdAt: '', avatarId: null };

/** A fake REST server holding one conversation's messages. */
function fakeHttp(messages: Message[], inbox: unknown[] | null = null) {
  const get = vi.fn(async (path: string) => {
    const url = new URL(path, 'http://x');
    if (url.pathname === '/api/conversations') {
      if (!inbox) throw Object.assign(new Error('missing'), { status: 404 });
      return { items: inbox, nextCursor: null };
    }
    if (url.pathname.endsWith('/messages')) {
      const after = url.searchParams.get('after');
      const before = url.searchParams.get('before');
      const limit = Number(url.searchParams.get('limit') ?? 50);
      let items = messages;
      if (after !== null) items = items.filter((m) => m.seq > Number(after)).slice(0, limit);
      else items = items.filter((m) => before === null || m.seq < Number(before)).slice(-limit);
      return { items, nextCursor: null };
    }
    throw Object.assign(new Error('missing'), { status: 404 });
  });
  const http = { get, put: vi.fn(async () => undefined), post: vi.fn() } as unknown as Http;
  return { http, get };
}

function created(m: Message, eventId: number): GatewayEvent {
  return { op: 'event', eventId, type: 'message.created', conversationId: m.conversationId, seq: m.seq, data: m };
}

describe('the chat store', () => {
  it('fills a seq gap from REST so nothing is missing or doubled', async () => {
    const server = [1, 2, 3, 4, 5].map((s) => message(s));
    const { http, get } = fakeHttp(server.slice(0, 2));
    const store = new ChatStore(http, me);
    await store.loadLatest(CONV);
    (get as ReturnType<typeof vi.fn>).mockImplementation(fakeHttp(server).get);
    store.handleEvent(created(server[4], 1)); // 3 and 4 were missed
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]));
    expect(get).toHaveBeenCalledWith(`/api/conversations/${CONV}/messages?after=2&limit=200`);
    store.handleEvent(created(server[4], 2));
    expect(store.getState().timelines[CONV].messages).toHaveLength(5);
  });

  it('resyncs only the timelines whose lastSeq moved, after the inbox', async () => {
    const server = [1, 2, 3].map((s) => message(s));
    const { http, get } = fakeHttp(server.slice(0, 2), [{ conversation: conversation({ lastSeq: 3 }), lastMessage: server[2], lastSeq: 3, readSeq: 2, unreadCount: 1 }]);
    const store = new ChatStore(http, me);
    await store.loadLatest(CONV);
    (get as ReturnType<typeof vi.fn>).mockImplementation(fakeHttp(server, [{ conversation: conversation({ lastSeq: 3 }), lastMessage: server[2], lastSeq: 3, readSeq: 2, unreadCount: 1 }]).get);
    await store.resync();
    const calls = (get as ReturnType<typeof vi.fn>).mock.calls.map(([p]) => p);
    expect(calls[calls.length - 2]).toBe('/api/conversations?limit=200');
    expect(calls[calls.length - 1]).toBe(`/api/conversations/${CONV}/messages?after=2&limit=200`);
    expect(store.getState().timelines[CONV].messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(store.getState().inbox[CONV].unreadCount).toBe(1);
  });

  it('adds a conversation it did not know when a message arrives in it, counting it unread', () => {
    const { http } = fakeHttp([]);
    const store = new ChatStore(http, me);
    store.handleEvent(created(message(1, { senderId: ALICE }), 1));
    expect(store.getState().inbox[CONV].unreadCount).toBe(1);
    expect(store.getState().inbox[CONV].lastMessage?.body).toBe('message 1');
  });

  it('shows who is typing until their message arrives', () => {
    const { http } = fakeHttp([]);
    const store = new ChatStore(http, me);
    store.handleEvent({ op: 'event', eventId: 1, type: 'typing.started', conversationId: CONV, data: { userId: ALICE } });
    expect(Object.keys(store.getState().typing[CONV])).toEqual([ALICE]);
    store.handleEvent(created(message(1, { senderId: ALICE }), 2));
    expect(Object.keys(store.getState().typing[CONV])).toEqual([]);
  });

  it('acks a quiet conversation at once and a busy one at most once a second, with its newest seq', () => {
    vi.useFakeTimers();
    try {
      const { http } = fakeHttp([]);
      const store = new ChatStore(http, me);
      const frames: unknown[] = [];
      store.sendFrame = (frame) => {
        frames.push(frame);
        return true;
      };
      store.handleEvent(created(message(1, { senderId: ALICE }), 1));
      expect(frames).toEqual([{ op: 'ack', conversationId: CONV, seq: 1 }]);
      store.handleEvent(created(message(2, { senderId: ALICE }), 2));
      store.handleEvent(created(message(3, { senderId: ALICE }), 3));
      store.handleEvent(created(message(4, { senderId: ME }), 4));
      expect(frames).toHaveLength(1);
      vi.advanceTimersByTime(ACK_INTERVAL_MS);
      expect(frames).toEqual([
        { op: 'ack', conversationId: CONV, seq: 1 },
        { op: 'ack', conversationId: CONV, seq: 3 },
      ]);
      vi.advanceTimersByTime(ACK_INTERVAL_MS * 5);
      expect(frames).toHaveLength(2);
      store.handleEvent(created(message(5, { senderId: ALICE }), 5));
      expect(frames[2]).toEqual({ op: 'ack', conversationId: CONV, seq: 5 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells the server of messages read while the conversation is on screen, at most once a second', async () => {
    const { http } = fakeHttp([message(1)]);
    const put = http.put as ReturnType<typeof vi.fn>;
    const store = new ChatStore(http, me);
    void store.open(CONV);
    await vi.waitFor(() => expect(put).toHaveBeenCalledWith(`/api/conversations/${CONV}/read`, { seq: 1 }));
    vi.useFakeTimers();
    try {
      put.mockClear();
      // Shown read at once; the server hears of it once the second since the last move is over.
      for (let seq = 2; seq <= 6; seq++) store.handleEvent(created(message(seq, { senderId: ALICE }), seq));
      expect(store.getState().inbox[CONV].unreadCount).toBe(0);
      expect(put).not.toHaveBeenCalled();
      vi.advanceTimersByTime(READ_INTERVAL_MS);
      expect(put.mock.calls).toEqual([[`/api/conversations/${CONV}/read`, { seq: 6 }]]);
      vi.advanceTimersByTime(READ_INTERVAL_MS * 3);
      store.markRead(CONV);
      expect(put).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tracks read receipts of others, only forward', () => {
    const { http } = fakeHttp([]);
    const store = new ChatStore(http, me);
    const read = (seq: number, eventId: number): GatewayEvent => ({ op: 'event', eventId, type: 'read.updated', conversationId: CONV, data: { userId: ALICE, seq } });
    store.handleEvent(read(5, 1));
    store.handleEvent(read(3, 2));
    expect(store.getState().receipts[CONV].read[ALICE]).toBe(5);
  });

  it('applies edits, deletes and reactions as the server pushes them', async () => {
    const { http } = fakeHttp([message(1), message(2)]);
    const store = new ChatStore(http, me);
    await store.loadLatest(CONV);
    const edited = { messageId: '1001', seq: 1, body: 'edited', editedAt: '2026-11-23T09:00:00Z', editorId: ALICE };
    store.handleEvent({ op: 'event', eventId: 1, type: 'message.updated', conversationId: CONV, data: edited });
    const deleted = { messageId: '1002', seq: 2, deleted: true, deletedAt: '2026-11-23T09:01:00Z', actorId: ALICE } as const;
    store.handleEvent({ op: 'event', eventId: 2, type: 'message.deleted', conversationId: CONV, data: deleted });
    const reaction = (eventId: number, userId: string, reacted: boolean) =>
      store.handleEvent({
        op: 'event', eventId, type: 'reaction.updated', conversationId: CONV,
        data: { messageId: '1001', seq: 1, userId, emoji: '👍', reacted },
      });
    reaction(3, ALICE, true);
    reaction(4, 'u-carol', true);
    reaction(5, 'u-dan', true);
    reaction(6, 'u-dan', false);
    const [first, second] = store.getState().timelines[CONV].messages;
    expect(first).toMatchObject({ body: 'edited', editedAt: '2026-11-23T09:00:00Z', reactions: { '👍': 2 } });
    expect(second).toMatchObject({ deleted: true, body: null });
    expect(store.getState().inbox[CONV].lastMessage).toMatchObject({ deleted: true });
  });

  it('reads conversation details as the server sends them: the members as a first page of flat rows', async () => {
    const get = vi.fn(async () => ({
      conversation: conversation({ lastSeq: 3 }),
      members: {
        items: [
          { userId: ALICE, username: 'alice', displayName: 'Alice', role: 'owner', joinedAt: '2026-11-23T07:00:00Z' },
          { userId: ME, username: 'me', displayName: 'Me', role: 'member', joinedAt: '2026-11-23T07:00:00Z' },
        ],
        nextCursor: null,
      },
      myRole: 'member',
      readSeq: 2,
    }));
    const store = new ChatStore({ get, put: vi.fn(), post: vi.fn() } as unknown as Http, me);
    await store.loadDetails(CONV);
    const details = store.getState().details[CONV];
    expect(details.members.map((m) => [m.user.displayName, m.role])).toEqual([
      ['Alice', 'owner'],
      ['Me', 'member'],
    ]);
    expect(details.myRole).toBe('member');
  });

  it('shows a group change as the server answered it, never undone by a details read that is still older', async () => {
    const stale = {
      conversation: conversation({ visibility: 'private' }),
      members: { items: [{ userId: ME, username: 'me', displayName: 'Me', role: 'owner', joinedAt: '2026-11-23T07:00:00Z' }], nextCursor: null },
      myRole: 'owner',
      readSeq: 0,
    };
    const get = vi.fn(async () => stale);
    const patch = vi.fn(async () => ({ conversation: conversation({ visibility: 'public' }) }));
    const store = new ChatStore({ get, patch, put: vi.fn(), post: vi.fn() } as unknown as Http, me);
    await store.loadDetails(CONV);
    await store.updateGroup(CONV, { visibility: 'public' });
    expect(patch).toHaveBeenCalledWith(`/api/groups/${CONV}`, { visibility: 'public' });
    expect(get).toHaveBeenCalledTimes(1); // no re-read that the directory could still answer from before the change
    expect(store.getState().details[CONV].conversation.visibility).toBe('public');
    expect(store.getState().inbox[CONV]?.conversation.visibility ?? 'public').toBe('public');
  });

  it('fills a gap before a live message again until the read side has stored the missing one', async () => {
    let calls = 0;
    const { http } = fakeHttp([]);
    (http as unknown as { get: unknown }).get = vi.fn(async (path: string) => {
      const url = new URL(path, 'http://x');
      if (!url.pathname.endsWith('/messages')) throw Object.assign(new Error('missing'), { status: 404 });
      const after = Number(url.searchParams.get('after') ?? 0);
      // The history load and the first gap fill see only seq 1; the read side catches up after.
      const stored = ++calls <= 2 ? [message(1)] : [message(1), message(2), message(3)];
      return { items: stored.filter((m) => m.seq > after), nextCursor: null };
    });
    const store = new ChatStore(http, me);
    await store.loadLatest(CONV);
    store.handleEvent(created(message(3), 1));
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages.map((m) => m.seq)).toEqual([1, 2, 3]), { timeout: 3000 });
  });

  it('counts our own reaction once: shown on the click, its echo from the server not added again', async () => {
    const { http } = fakeHttp([message(1)]);
    const store = new ChatStore(http, me);
    await store.loadLatest(CONV);
    await store.toggleReaction(CONV, '1001', '🎉');
    const echo = (eventId: number, reacted: boolean) =>
      store.handleEvent({
        op: 'event', eventId, type: 'reaction.updated', conversationId: CONV,
        data: { messageId: '1001', seq: 1, userId: me.userId, emoji: '🎉', reacted },
      });
    echo(1, true);
    expect(store.getState().timelines[CONV].messages[0].reactions).toEqual({ '🎉': 1 });
    expect(store.getState().myReactions['1001:🎉']).toBe(true);
    // The same user removes it on another device: this one follows.
    echo(2, false);
    expect(store.getState().timelines[CONV].messages[0].reactions).toEqual({});
    expect(store.getState().myReactions['1001:🎉']).toBeUndefined();
  });

  it('posts one message at a time per conversation, in the order typed, and retries with the same id', async () => {
    const posted: { clientMessageId: string; body: string }[] = [];
    let release: () => void = () => {};
    const post = vi.fn(async (_path: string, body: { clientMessageId: string; body: string }) => {
      posted.push(body);
      if (body.body === 'first') await new Promise<void>((r) => (release = r));
      if (body.body === 'third' && posted.filter((p) => p.body === 'third').length === 1) throw new TypeError('offline');
      return { message: message(posted.length, { senderId: ME, body: body.body }) };
    });
    const http = { get: vi.fn(), put: vi.fn(async () => undefined), post } as unknown as Http;
    const store = new ChatStore(http, me);
    store.send(CONV, 'first', null);
    store.send(CONV, 'second', null);
    store.send(CONV, 'third', null);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    release();
    await vi.waitFor(() => expect(posted.map((p) => p.body)).toEqual(['first', 'second', 'third']));
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending[0]?.status).toBe('failed'));
    const failedId = store.getState().timelines[CONV].pending[0].clientMessageId;
    store.retry(CONV, failedId);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending).toHaveLength(0));
    expect(posted[3].clientMessageId).toBe(failedId);
  });

  it('sends again with the same id after Retry-After when the server refuses for now (503 overloaded)', async () => {
    const posted: string[] = [];
    const post = vi.fn(async (_path: string, body: { clientMessageId: string; body: string }) => {
      posted.push(body.clientMessageId);
      if (posted.length < 3) throw new ProblemError({ status: 503, title: 'Overloaded' }, 1);
      return { message: message(1, { senderId: ME, body: body.body }) };
    });
    const http = { get: vi.fn(), put: vi.fn(async () => undefined), post } as unknown as Http;
    const store = new ChatStore(http, me);
    store.retryDelayScale = 0.001;
    store.send(CONV, 'hello', null);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending).toHaveLength(0));
    expect(posted).toHaveLength(3);
    expect(new Set(posted).size).toBe(1);
  });

  it('gives a refused send up as failed, to retry by hand, when the server keeps refusing', async () => {
    const post = vi.fn(async () => {
      throw new ProblemError({ status: 503, title: 'Overloaded', detail: 'Try again shortly' }, 1);
    });
    const http = { get: vi.fn(), put: vi.fn(async () => undefined), post } as unknown as Http;
    const store = new ChatStore(http, me);
    store.retryDelayScale = 0.001;
    store.send(CONV, 'hello', null);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending[0]?.status).toBe('failed'));
    expect(post).toHaveBeenCalledTimes(ChatStore.SEND_ATTEMPTS);
  });

  it('keeps a message sent and one pushed while the first page was on its way, filling between', async () => {
    let answerPage: (page: unknown) => void = () => {};
    const get = vi.fn((path: string) => {
      const url = new URL(path, 'http://x');
      if (!url.pathname.endsWith('/messages')) return Promise.reject(Object.assign(new Error('missing'), { status: 404 }));
      if (url.searchParams.get('after') === '1') return Promise.resolve({ items: [message(2)], nextCursor: null });
      // The first page was asked for before anything was sent: it is empty.
      return new Promise((resolve) => (answerPage = resolve));
    });
    const post = vi.fn(async () => ({ message: message(1, { senderId: ME, body: 'mine' }) }));
    const http = { get, put: vi.fn(async () => undefined), post } as unknown as Http;
    const store = new ChatStore(http, me);
    const loading = store.ensureLoaded(CONV);
    store.send(CONV, 'mine', null);
    await vi.waitFor(() => expect(post).toHaveBeenCalled());
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending).toHaveLength(0));
    store.handleEvent(created(message(3), 1));
    answerPage({ items: [], nextCursor: null });
    await loading;
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages.map((m) => m.seq)).toEqual([1, 2, 3]));
  });

  it('keeps trying to load a just-created conversation the read side does not know yet', async () => {
    const { http, get } = fakeHttp([message(1)]);
    const real = fakeHttp([message(1)]).get as unknown as (path: string) => Promise<unknown>;
    let calls = 0;
    (get as ReturnType<typeof vi.fn>).mockImplementation(async (path: string) => {
      if (path.includes('/messages') && ++calls <= 2) throw new Error('404 No such conversation');
      return real(path);
    });
    const store = new ChatStore(http, me);
    await store.ensureLoaded(CONV);
    expect(store.getState().timelines[CONV]).toMatchObject({ loaded: true });
    expect(calls).toBe(3);
  });

  it('seeds receipts from the conversation view after a reload, never moving a marker back', async () => {
    const get = vi.fn(async () => ({
      conversation: conversation({ lastSeq: 5 }),
      members: { items: [], nextCursor: null },
      myRole: 'member',
      readSeq: 5,
      readMarkers: [
        { userId: ALICE, seq: 3 },
        { userId: ME, seq: 5 },
      ],
      deliveredMarkers: [{ userId: ALICE, seq: 5 }],
    }));
    const store = new ChatStore({ get } as unknown as Http, me);
    store.handleEvent({ op: 'event', eventId: 1, type: 'read.updated', conversationId: CONV, data: { userId: ALICE, seq: 4 } } as GatewayEvent);
    await store.loadDetails(CONV);
    expect(store.getState().receipts[CONV]).toEqual({ read: { [ALICE]: 4 }, delivered: { [ALICE]: 5 } });
  });

  it('loads the next inbox page from nextCursor and keeps the first', async () => {
    const other = '00000000-0000-4000-8000-0000000000c2';
    const get = vi.fn(async (path: string) =>
      path.includes('cursor=')
        ? { items: [{ conversation: conversation({ conversationId: other }), lastSeq: 0, readSeq: 0, unreadCount: 0 }], nextCursor: null }
        : { items: [{ conversation: conversation(), lastSeq: 0, readSeq: 0, unreadCount: 0 }], nextCursor: 'next page' },
    );
    const store = new ChatStore({ get } as unknown as Http, me);
    await store.loadInbox();
    expect(store.getState().inboxNextCursor).toBe('next page');
    await store.loadMoreInbox();
    expect(get).toHaveBeenLastCalledWith('/api/conversations?limit=200&cursor=next%20page');
    expect(Object.keys(store.getState().inbox).sort()).toEqual([CONV, other]);
    expect(store.getState().inboxNextCursor).toBeNull();
  });

  it('appends the next members page without doubling anyone', async () => {
    const member = (userId: string) => ({ userId, username: userId, displayName: userId, role: 'member' });
    const get = vi.fn(async (path: string) =>
      path.includes('cursor=')
        ? { items: [member('b'), member('c')], nextCursor: null }
        : { items: [member('a'), member('b')], nextCursor: 'more' },
    );
    const store = new ChatStore({ get } as unknown as Http, me);
    await store.loadMembers(CONV);
    await store.loadMembers(CONV, true);
    expect(store.getState().details[CONV].members.map((m) => m.user.userId)).toEqual(['a', 'b', 'c']);
    expect(store.getState().membersNextCursor[CONV]).toBeNull();
  });
});
