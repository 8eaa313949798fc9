import { describe, expect, it } from 'vitest';
import { buildRows } from '../ui/MessageList';
import type { Message } from '../api/types';
import type { Activity } from './api';
import { inviteCodeOf, inviteLink } from './api';
import { activityText, entriesInRange } from './activityText';

const ME = '00000000-0000-0000-0000-000000000001';
const ALICE = '00000000-0000-0000-0000-000000000002';
const BOB = '00000000-0000-0000-0000-000000000003';

function entry(kind: string, more: Partial<Activity> = {}): Activity {
  return {
    activityId: '4',
    afterSeq: 0,
    kind,
    actorId: ALICE,
    actorName: 'Alice',
    userId: BOB,
    userName: 'Bob',
    detail: null,
    at: '2026-01-01T00:00:00Z',
    ...more,
  };
}

function message(seq: number): Message {
  return {
    messageId: String(seq),
    conversationId: ME,
    seq,
    senderId: ALICE,
    body: `m${seq}`,
    replyToMessageId: null,
    createdAt: '2026-01-01T00:00:00Z',
    editedAt: null,
    deleted: false,
    reactions: {},
    attachments: [],
  } as Message;
}

describe('group activity lines', () => {
  it('says who did what to whom', () => {
    expect(activityText(entry('added'), ME)).toBe('Alice added Bob');
    expect(activityText(entry('removed', { userId: ME }), ME)).toBe('Alice removed you');
    expect(activityText(entry('joined_by_invite', { actorId: BOB, actorName: 'Bob' }), ME)).toBe('Bob joined via invite link');
    expect(activityText(entry('left', { actorId: BOB }), ME)).toBe('Bob left');
    expect(activityText(entry('renamed', { actorId: ME, detail: 'Ops' }), ME)).toBe('You renamed the group to “Ops”');
    expect(activityText(entry('topic_changed', { detail: '' }), ME)).toBe('Alice cleared the topic');
    expect(activityText(entry('visibility_changed', { detail: 'public' }), ME)).toBe('Alice made the group public');
    expect(activityText(entry('role_changed', { detail: 'admin' }), ME)).toBe('Alice made Bob an admin');
    expect(activityText(entry('something_new'), ME)).toBe('Alice changed the group');
  });

  it('places entries after the message they follow, and at the end when newer than every message', () => {
    const activity = [
      entry('created', { activityId: '0', afterSeq: 0 }),
      entry('added', { activityId: '8', afterSeq: 1 }),
      entry('left', { activityId: '12', afterSeq: 2 }),
    ];
    const rows = buildRows([message(1), message(2)], [], activity);
    const order = rows.filter((r) => r.kind !== 'day' && r.kind !== 'top').map((r) => r.key);
    expect(order).toEqual(['s-0', 'm-1', 's-8', 'm-2', 's-12']);
  });

  it('leaves out entries older than the loaded page while older messages remain', () => {
    const activity = [entry('created', { afterSeq: 0 }), entry('added', { afterSeq: 40 })];
    expect(entriesInRange(activity, 41, true).map((a) => a.kind)).toEqual(['added']);
    expect(entriesInRange(activity, 1, false).map((a) => a.kind)).toEqual(['created', 'added']);
  });
});

describe('invite links', () => {
  it('round-trips a code through the link and refuses anything else', () => {
    const code = 'AbCdEfGhIjKlMnOpQrStUv_-';
    const path = new URL(inviteLink(code, 'http://localhost:8080')).pathname;
    expect(inviteCodeOf(path)).toBe(code);
    expect(inviteCodeOf('/invite/short')).toBeNull();
    expect(inviteCodeOf('/invite/AbCdEfGhIjKlMnOpQrStUv%00')).toBeNull();
    expect(inviteCodeOf('/c/AbCdEfGhIjKlMnOpQrStUv_-')).toBeNull();
  });
});

describe('the activity store', () => {
  it('gives the same snapshot until something loads (React would loop otherwise)', async () => {
    const { ActivityStore } = await import('./activityStore');
    const items = [entry('created')];
    const store = new ActivityStore({ activity: async () => items } as never);
    expect(store.of('g')).toBe(store.of('g'));
    await store.load('g');
    expect(store.of('g')).toBe(items);
    store.handleEvent({ op: 'event', eventId: 1, type: 'conversation.deleted', conversationId: 'g', data: { conversationId: 'g', actorId: ALICE } });
    expect(store.of('g')).toEqual([]);
  });

  it('loads again after Retry-After when the read models lag (503), and gives up after a few tries', async () => {
    const { ActivityStore } = await import('./activityStore');
    const { ProblemError } = await import('../api/http');
    const items = [entry('created')];
    let calls = 0;
    let failures = 2;
    const waits: number[] = [];
    const pending: (() => void)[] = [];
    const store = new ActivityStore(
      {
        activity: async () => {
          calls++;
          if (failures-- > 0) throw new ProblemError({ status: 503, title: 'Service Unavailable' }, 1);
          return items;
        },
      } as never,
      (run, ms) => {
        waits.push(ms);
        pending.push(run);
      },
    );
    await store.load('g');
    expect(store.of('g')).toEqual([]);
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(calls).toBe(3);
    expect(waits).toEqual([1000, 1000]);
    expect(store.of('g')).toBe(items);

    failures = 100;
    calls = 0;
    await store.load('h');
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(calls).toBe(1 + ActivityStore.RETRIES);
  });

  it('does not ask again for an answer that is not "later" (403, 404)', async () => {
    const { ActivityStore } = await import('./activityStore');
    const { ProblemError } = await import('../api/http');
    const pending: (() => void)[] = [];
    const store = new ActivityStore(
      { activity: async () => Promise.reject(new ProblemError({ status: 404, title: 'Not Found' })) } as never,
      (run) => pending.push(run),
    );
    await store.load('g');
    expect(pending).toHaveLength(0);
  });
});
