import { describe, expect, it, vi } from 'vitest';
import { ProblemError, type Http } from '../api/http';
import type { Attachment, GatewayEvent, User } from '../api/types';
import { ALICE, CONV, ME, conversation, message } from './fixtures';
import { ChatStore } from './store';
import { applyLiveMessage, emptyTimeline } from './timeline';

const me: User = { userId: ME, username: 'me', displayName: 'Me', createdAt: '', avatarId: null };
const alice: User = { userId: ALICE, username: 'alice', displayName: 'Alice', createdAt: '', avatarId: null };
const AVATAR = '00000000-0000-4000-8000-0000000000a1';

const photo: Attachment = {
  attachmentId: '00000000-0000-4000-8000-0000000000f1',
  name: 'photo.png',
  contentType: 'image/png',
  size: 1234,
  sha256: 'ab',
  width: 640,
  height: 480,
  thumbnail: true,
};

function event<T extends GatewayEvent['type']>(type: T, data: Extract<GatewayEvent, { type: T }>['data'], conversationId?: string): GatewayEvent {
  return { op: 'event', eventId: 1, type, conversationId, data } as GatewayEvent;
}

describe('files in the chat store', () => {
  it('sends the uploads as attachmentIds, leaving out an empty body', async () => {
    const bodies: Record<string, unknown>[] = [];
    const post = vi.fn(async (_path: string, body: Record<string, unknown>) => {
      bodies.push(body);
      return { message: message(1, { senderId: ME, body: null, attachments: [photo] }) };
    });
    const store = new ChatStore({ get: vi.fn(), put: vi.fn(async () => undefined), post } as unknown as Http, me);
    store.send(CONV, '', null, [photo]);
    expect(store.getState().timelines[CONV].pending[0].attachments).toEqual([photo]);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending).toHaveLength(0));
    expect(bodies[0]).toMatchObject({ attachmentIds: [photo.attachmentId] });
    expect(JSON.parse(JSON.stringify(bodies[0]))).not.toHaveProperty('body');
    expect(store.getState().timelines[CONV].messages[0].attachments).toEqual([photo]);
    expect(store.getState().inbox[CONV].lastMessage?.attachments).toEqual([photo]);

    store.send(CONV, 'just text', null);
    await vi.waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toMatchObject({ body: 'just text' });
    expect(bodies[1].attachmentIds).toBeUndefined();
  });

  it('hides my pending file message when the socket brings it first, matching by its files', () => {
    const pendingPhoto = { clientMessageId: 'c1', conversationId: CONV, body: '', replyToMessageId: null, attachments: [photo], createdAt: '', status: 'pending' as const };
    const pendingOther = { ...pendingPhoto, clientMessageId: 'c2', attachments: [{ ...photo, attachmentId: 'other' }] };
    const timeline = { ...emptyTimeline, loaded: true, pending: [pendingOther, pendingPhoto] };
    const { timeline: next } = applyLiveMessage(timeline, message(1, { senderId: ME, body: null, attachments: [photo] }), ME);
    expect(next.pending.map((p) => p.matchedSeq)).toEqual([undefined, 1]);
  });

  it('drops a deleted message’s attachments', () => {
    const offline = vi.fn(async () => Promise.reject(new TypeError('offline')));
    const store = new ChatStore({ get: offline, put: offline, post: offline } as unknown as Http, me);
    store.handleEvent(event('message.created', message(1, { attachments: [photo] })));
    store.handleEvent(event('message.deleted', { messageId: '1001', seq: 1, deleted: true, deletedAt: '', actorId: ALICE }, CONV));
    expect(store.getState().timelines[CONV].messages[0]).toMatchObject({ deleted: true, attachments: [] });
  });

  it('shows a new avatar pushed by user.updated in member lists, direct-conversation peers and my own profile', async () => {
    const get = vi.fn(async () => ({
      conversation: conversation(),
      members: { items: [{ user: alice, role: 'owner' }, { user: me, role: 'member' }], nextCursor: null },
      myRole: 'member',
      readSeq: 0,
    }));
    const store = new ChatStore({ get, put: vi.fn(), post: vi.fn() } as unknown as Http, me);
    await store.loadDetails(CONV);
    store.addConversation(conversation({ conversationId: 'direct', kind: 'direct', name: null }), alice);

    store.handleEvent(event('user.updated', { ...alice, avatarId: AVATAR }));
    const state = store.getState();
    expect(state.details[CONV].members.find((m) => m.user.userId === ALICE)?.user.avatarId).toBe(AVATAR);
    expect(state.inbox.direct.peer?.avatarId).toBe(AVATAR);
    expect(state.users[ALICE].avatarId).toBe(AVATAR);

    store.handleEvent(event('user.updated', { ...me, avatarId: AVATAR }));
    expect(store.getState().me.avatarId).toBe(AVATAR);
  });

  it('shows a new group picture pushed by conversation.updated in the inbox and the open group', async () => {
    const get = vi.fn(async () => ({ conversation: conversation(), members: { items: [], nextCursor: null }, myRole: 'owner', readSeq: 0 }));
    const store = new ChatStore({ get, put: vi.fn(), post: vi.fn() } as unknown as Http, me);
    await store.loadDetails(CONV);
    store.handleEvent(event('conversation.updated', conversation({ pictureId: AVATAR }), CONV));
    expect(store.getState().inbox[CONV].conversation.pictureId).toBe(AVATAR);
    expect(store.getState().details[CONV].conversation.pictureId).toBe(AVATAR);
  });

  it('keeps the avatar of members sent as flat rows', async () => {
    const get = vi.fn(async () => ({
      conversation: conversation(),
      members: { items: [{ userId: ALICE, username: 'alice', displayName: 'Alice', role: 'owner', avatarId: AVATAR }], nextCursor: null },
      myRole: 'member',
      readSeq: 0,
    }));
    const store = new ChatStore({ get, put: vi.fn(), post: vi.fn() } as unknown as Http, me);
    await store.loadDetails(CONV);
    expect(store.getState().details[CONV].members[0].user.avatarId).toBe(AVATAR);
  });
});

describe('a refused file message', () => {
  it('says which files were refused and what to do', async () => {
    const post = vi.fn(async () => {
      throw new ProblemError({ status: 400, detail: 'Invalid input', errors: [{ field: 'attachmentIds', message: 'an upload has expired' }] });
    });
    const store = new ChatStore({ get: vi.fn(), put: vi.fn(), post } as unknown as Http, me);
    store.send(CONV, '', null, [photo]);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending[0].status).toBe('failed'));
    expect(store.getState().timelines[CONV].pending[0].error).toBe('Not sent: an upload has expired. Discard it and attach the files again.');
  });
});
