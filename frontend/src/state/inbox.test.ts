import { describe, expect, it } from 'vitest';
import { ALICE, ME, conversation, message } from './fixtures';
import { applyMessage, applyMyRead, entryFor, normaliseInboxItem, sortInbox, totalUnread } from './inbox';

describe('unread counting', () => {
  const entry = entryFor(conversation());

  it('counts messages from others while the conversation is not on screen', () => {
    const after = applyMessage(applyMessage(entry, message(1), ME, false), message(2), ME, false);
    expect(after.unreadCount).toBe(2);
    expect(after.lastMessage?.seq).toBe(2);
  });

  it('does not count a message twice when it is delivered again', () => {
    const once = applyMessage(entry, message(1), ME, false);
    expect(applyMessage(once, message(1), ME, false).unreadCount).toBe(1);
  });

  it('does not count my own messages, and my message marks everything before it read', () => {
    const theirs = applyMessage(entry, message(1), ME, false);
    const mine = applyMessage(theirs, message(2, { senderId: ME }), ME, false);
    expect(mine.unreadCount).toBe(0);
    expect(mine.readSeq).toBe(2);
  });

  it('does not count messages in the conversation being viewed', () => {
    expect(applyMessage(entry, message(1), ME, true).unreadCount).toBe(0);
  });

  it('counts a skipped seq as unread too (it was missed, not absent)', () => {
    expect(applyMessage(entry, message(3), ME, false).unreadCount).toBe(3);
  });

  it('lowers the count when my read marker moves forward, never back', () => {
    const three = applyMessage(entry, message(3), ME, false);
    const read = applyMyRead(three, 2);
    expect(read.unreadCount).toBe(1);
    expect(applyMyRead(read, 1)).toBe(read);
    expect(totalUnread([read, applyMyRead(read, 3)])).toBe(1);
  });
});

describe('inbox order', () => {
  it('puts the newest activity first', () => {
    const a = entryFor(conversation({ conversationId: 'a', createdAt: '2026-11-23T07:00:00Z' }));
    const b = entryFor(conversation({ conversationId: 'b', createdAt: '2026-11-23T07:30:00Z' }));
    const aWithMessage = applyMessage(a, message(1, { conversationId: 'a', senderId: ALICE }), ME, false);
    expect(sortInbox([a, b]).map((e) => e.conversation.conversationId)).toEqual(['b', 'a']);
    expect(sortInbox([aWithMessage, b]).map((e) => e.conversation.conversationId)).toEqual(['a', 'b']);
  });

  it('reads nested and flattened inbox rows alike', () => {
    const nested = normaliseInboxItem({
      conversation: conversation(),
      lastMessage: message(4),
      lastSeq: 4,
      readSeq: 1,
      unreadCount: 3,
    });
    const flat = normaliseInboxItem({ ...conversation({ lastSeq: 4 }), readSeq: 1 });
    expect(nested.unreadCount).toBe(3);
    expect(flat.unreadCount).toBe(3);
    expect(flat.conversation.name).toBe('Team');
  });
});
