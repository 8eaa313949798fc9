import { describe, expect, it } from 'vitest';
import { completeMention, mentionQuery, splitMentions, suggest } from './parse';

describe('splitMentions', () => {
  it('finds @names and keeps the rest as text', () => {
    expect(splitMentions('hi @Bob, see @carol_1!')).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Bob', name: 'bob' },
      { kind: 'text', text: ', see ' },
      { kind: 'mention', text: '@carol_1', name: 'carol_1' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('leaves an email address, a lone @ and too short or too long names as text', () => {
    expect(splitMentions('mail bob@example.org')).toEqual([{ kind: 'text', text: 'mail bob@example.org' }]);
    expect(splitMentions('@ @@ @ab')).toEqual([{ kind: 'text', text: '@ @@ @ab' }]);
    expect(splitMentions('@' + 'a'.repeat(33))).toEqual([{ kind: 'text', text: '@' + 'a'.repeat(33) }]);
  });

  it('ends a sentence before its dot and knows @here and @everyone', () => {
    expect(splitMentions('thanks @bob.')).toEqual([
      { kind: 'text', text: 'thanks ' },
      { kind: 'mention', text: '@bob', name: 'bob' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitMentions('@here')).toEqual([{ kind: 'mention', text: '@here', name: 'here' }]);
  });

  it('copes with 500 mentions in one body', () => {
    const body = Array.from({ length: 500 }, (_, i) => `@user${i}`).join(' ');
    expect(splitMentions(body).filter((p) => p.kind === 'mention')).toHaveLength(500);
  });
});

describe('the autocomplete', () => {
  it('sees the @prefix before the caret only where a mention can start', () => {
    expect(mentionQuery('hi @Bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQuery('hi @', 4)).toEqual({ start: 3, query: '' });
    expect(mentionQuery('mail bob@ex', 11)).toBeNull();
    expect(mentionQuery('hi bob', 6)).toBeNull();
  });

  it('replaces the prefix with the whole username and a space', () => {
    expect(completeMention('hi @bo there', 6, 'bobby')).toEqual({ text: 'hi @bobby there', caret: 10 });
    expect(completeMention('@a', 2, 'alice')).toEqual({ text: '@alice ', caret: 7 });
  });

  it('suggests members by username first, then display name, never me', () => {
    const members = [
      { userId: 'me', username: 'bella', displayName: 'Me' },
      { userId: '1', username: 'bob', displayName: 'Robert' },
      { userId: '2', username: 'carol', displayName: 'Bea Carol' },
      { userId: '3', username: 'dan', displayName: 'Dan' },
    ];
    expect(suggest(members, 'b', 'me').map((m) => m.userId)).toEqual(['1', '2']);
    expect(suggest(members, '', 'me')).toHaveLength(3);
  });
});
