import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { render } from '../ui/testRender';
import { MentionContext, MentionText } from './MentionText';
import { applyMessage, applyMyRead, entryFor, forgetMention, mentionsMe } from '../state/inbox';

const users: Record<string, string> = { me: 'anna', u2: 'bob' };
const view = { myUserId: 'me', usernameOf: (id: string) => users[id] };

function message(body: string, mentions: string[] = [], mentionsEveryone = false, senderId = 'u2', seq = 1): Message {
  return {
    messageId: String(seq),
    conversationId: 'c',
    seq,
    senderId,
    body,
    replyToMessageId: null,
    createdAt: '2026-12-02T10:00:00Z',
    editedAt: null,
    deleted: false,
    reactions: {},
    attachments: [],
    mentions,
    mentionsEveryone,
  };
}

describe('MentionText', () => {
  it('highlights resolved mentions, mine more, and leaves unresolved names as text', () => {
    const { container } = render(
      <MentionContext.Provider value={view}>
        <MentionText message={message('@Anna and @bob and @nobody https://x.org', ['me', 'u2'])} />
      </MentionContext.Provider>,
    );
    const mine = container.querySelectorAll('.mention-me');
    expect(Array.from(mine).map((e) => e.textContent)).toEqual(['@Anna']);
    expect(Array.from(container.querySelectorAll('.mention')).map((e) => e.textContent)).toEqual(['@Anna', '@bob']);
    expect(container.textContent).toBe('@Anna and @bob and @nobody https://x.org');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://x.org/');
  });

  it('highlights @everyone only when the server counted it', () => {
    const counted = render(
      <MentionContext.Provider value={view}>
        <MentionText message={message('@everyone look', [], true)} />
      </MentionContext.Provider>,
    );
    expect(counted.container.querySelector('.mention-me')?.textContent).toBe('@everyone');
    const plain = render(
      <MentionContext.Provider value={view}>
        <MentionText message={message('@everyone look')} />
      </MentionContext.Provider>,
    );
    expect(plain.container.querySelector('.mention')).toBeNull();
  });

  it('renders markup in a body as text', () => {
    const { container } = render(
      <MentionContext.Provider value={view}>
        <MentionText message={message('<b>@anna</b>', ['me'])} />
      </MentionContext.Provider>,
    );
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('.mention-me')?.textContent).toBe('@anna');
  });
});

describe('mention counts in the inbox', () => {
  it('count messages that mention me until I read them', () => {
    let entry = entryFor({ conversationId: 'c', kind: 'group', name: 'g', topic: '', visibility: 'private', memberCount: 2, createdAt: '2026-12-02T09:00:00Z', lastSeq: 0, pictureId: null });
    entry = applyMessage(entry, message('@anna', ['me'], false, 'u2', 1), 'me', false);
    entry = applyMessage(entry, message('hi', [], false, 'u2', 2), 'me', false);
    entry = applyMessage(entry, message('@here', [], true, 'u2', 3), 'me', false);
    expect(entry.mentionCount).toBe(2);
    expect(applyMyRead(entry, 3).mentionCount).toBe(0);
    expect(forgetMention(entry, message('@anna', ['me'], false, 'u2', 1), 'me').mentionCount).toBe(1);
    expect(forgetMention(entry, message('hi', [], false, 'u2', 2), 'me').mentionCount).toBe(2);
    expect(mentionsMe(message('@here', [], true, 'me'), 'me')).toBe(false);
  });
});
