import { describe, expect, it } from 'vitest';
import { ME, message } from './fixtures';
import {
  applyLiveMessage,
  classifyArrival,
  confirmSend,
  emptyTimeline,
  failSend,
  mergeMessages,
  prependPage,
  receiptFor,
  retrySend,
  visiblePending,
  type PendingMessage,
  type Timeline,
} from './timeline';

function loaded(...seqs: number[]): Timeline {
  return { ...emptyTimeline, loaded: true, hasOlder: false, messages: seqs.map((s) => message(s)) };
}

function pending(id: string, body: string): PendingMessage {
  return {
    clientMessageId: id,
    conversationId: 'c',
    body,
    replyToMessageId: null,
    attachments: [],
    createdAt: '2026-11-23T09:00:00Z',
    status: 'pending',
  };
}

describe('ordering by seq', () => {
  it('keeps messages ascending by seq whatever order they arrive in', () => {
    const merged = mergeMessages([message(3)], [message(5), message(1), message(4), message(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds each seq once when a message is delivered twice', () => {
    const merged = mergeMessages([message(1), message(2)], [message(2), message(2), message(3)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('replaces a held message with its newer version (an edit or a delete)', () => {
    const edited = message(2, { body: 'fixed', editedAt: '2026-11-23T09:00:00Z' });
    const merged = mergeMessages([message(1), message(2)], [edited]);
    expect(merged[1].body).toBe('fixed');
  });

  it('returns the same list when nothing changed, so views do not re-render', () => {
    const held = [message(1)];
    expect(mergeMessages(held, [held[0]])).toBe(held);
  });

  it('adds older pages in front and stops paging at seq 1', () => {
    const timeline = prependPage(loaded(3, 4), [message(1), message(2)], true);
    expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(timeline.hasOlder).toBe(false);
  });
});

describe('gap detection', () => {
  it('classifies the next seq, a duplicate and a gap', () => {
    expect(classifyArrival(4, 5)).toBe('next');
    expect(classifyArrival(4, 4)).toBe('duplicate');
    expect(classifyArrival(4, 2)).toBe('duplicate');
    expect(classifyArrival(4, 6)).toBe('gap');
  });

  it('asks for the messages after the last held seq when one is skipped', () => {
    const { timeline, gapAfter } = applyLiveMessage(loaded(1, 2), message(4), ME);
    expect(gapAfter).toBe(2);
    expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2, 4]);
  });

  it('reports no gap for the next message', () => {
    expect(applyLiveMessage(loaded(1, 2), message(3), ME).gapAfter).toBeNull();
  });

  it('holds live messages that arrive before the first page, for the page to be merged with', () => {
    const { timeline, gapAfter } = applyLiveMessage(emptyTimeline, message(9), ME);
    expect(timeline.loaded).toBe(false);
    expect(timeline.messages.map((m) => m.seq)).toEqual([9]);
    expect(gapAfter).toBeNull();
  });
});

describe('optimistic send reconciliation by clientMessageId', () => {
  it('replaces the pending message with the confirmed one', () => {
    const start = { ...loaded(1), pending: [pending('a', 'hello')] };
    const confirmed = message(2, { senderId: ME, body: 'hello' });
    const timeline = confirmSend(start, 'a', confirmed);
    expect(timeline.pending).toEqual([]);
    expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('shows my message once when the socket delivers it before the POST returns', () => {
    const start = { ...loaded(1), pending: [pending('a', 'hello'), pending('b', 'hello')] };
    const echoed = message(2, { senderId: ME, body: 'hello' });
    const afterSocket = applyLiveMessage(start, echoed, ME).timeline;
    expect(visiblePending(afterSocket).map((p) => p.clientMessageId)).toEqual(['b']);
    const again = applyLiveMessage(afterSocket, echoed, ME).timeline;
    expect(visiblePending(again).map((p) => p.clientMessageId)).toEqual(['b']);
    const afterPost = confirmSend(again, 'a', echoed);
    expect(afterPost.messages.filter((m) => m.seq === 2)).toHaveLength(1);
    expect(afterPost.pending.map((p) => p.clientMessageId)).toEqual(['b']);
  });

  it('keeps a failed send visible and retries it under the same clientMessageId', () => {
    const failed = failSend({ ...loaded(), pending: [pending('a', 'hi')] }, 'a', 'offline');
    expect(failed.pending[0]).toMatchObject({ clientMessageId: 'a', status: 'failed' });
    const retried = retrySend(failed, 'a');
    expect(retried.pending[0]).toMatchObject({ clientMessageId: 'a', status: 'pending' });
    expect(retried.pending[0].error).toBeUndefined();
  });

  it('does not hide a pending message because someone else wrote the same text', () => {
    const start = { ...loaded(1), pending: [pending('a', 'ok')] };
    const theirs = message(2, { body: 'ok' });
    expect(visiblePending(applyLiveMessage(start, theirs, ME).timeline)).toHaveLength(1);
  });
});

describe('receipts', () => {
  it('moves from sent to delivered to read and counts readers', () => {
    expect(receiptFor(5, { read: {}, delivered: {} }).state).toBe('sent');
    expect(receiptFor(5, { read: {}, delivered: { x: 5 } }).state).toBe('delivered');
    expect(receiptFor(5, { read: { x: 6, y: 5, z: 4 }, delivered: {} })).toEqual({
      state: 'read',
      readBy: 2,
    });
  });
});
