import { describe, expect, it } from 'vitest';
import { levelOf, notificationText, shouldNotify, type MentioningMessage } from './policy';

const ME = 'me';
function message(over: Partial<MentioningMessage> = {}): MentioningMessage {
  return {
    messageId: '1', conversationId: 'c', seq: 1, senderId: 'ann', body: 'hello', replyToMessageId: null,
    createdAt: '2026-01-01T00:00:00Z', editedAt: null, deleted: false, reactions: {}, attachments: [],
    mentions: [], mentionsEveryone: false, ...over,
  };
}

describe('which messages notify', () => {
  it('follows the level and the mentions, never for my own', () => {
    expect(shouldNotify('all', message(), ME)).toBe(true);
    expect(shouldNotify('all', message({ senderId: ME }), ME)).toBe(false);
    expect(shouldNotify('mentions', message(), ME)).toBe(false);
    expect(shouldNotify('mentions', message({ mentions: [ME] }), ME)).toBe(true);
    expect(shouldNotify('mentions', message({ mentionsEveryone: true }), ME)).toBe(true);
    expect(shouldNotify('mentions', message({ senderId: ME, mentionsEveryone: true }), ME)).toBe(false);
    expect(shouldNotify('muted', message({ mentions: [ME] }), ME)).toBe(false);
  });

  it('reads the inbox item level, "all" when the server sends none', () => {
    expect(levelOf({ notificationLevel: 'muted' })).toBe('muted');
    expect(levelOf({ conversation: { notificationLevel: 'mentions' } })).toBe('mentions');
    expect(levelOf({})).toBe('all');
    expect(levelOf(undefined)).toBe('all');
    expect(levelOf({ notificationLevel: 'loud' })).toBe('all');
  });

  it('titles a group by its name and a direct message by the sender', () => {
    expect(notificationText(message(), 'Ann', 'Team')).toEqual({ title: 'Team', body: 'Ann: hello' });
    expect(notificationText(message(), 'Ann', null)).toEqual({ title: 'Ann', body: 'hello' });
    const file = { attachmentId: 'a', name: 'x.pdf', contentType: 'application/pdf', size: 1, sha256: '', width: null, height: null, thumbnail: false };
    expect(notificationText(message({ body: '', attachments: [file] as never }), 'Ann', null).body).toBe('sent a file');
    expect(notificationText(message({ body: 'x'.repeat(500) }), 'Ann', null).body).toHaveLength(140);
  });
});
