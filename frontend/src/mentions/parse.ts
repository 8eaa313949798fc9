// `@username` tokens in message text, by the server's rule (docs/api.md, Messages): a mention
// starts at an `@` that does not follow a username character (so `bob@example.org` names no one)
// and runs over username characters (`a-z 0-9 _ . -`, any case); trailing dots end a sentence.
// `@here` and `@everyone` mean the whole group.

export type MentionPart = { kind: 'text'; text: string } | { kind: 'mention'; text: string; name: string };

const NAME_CHAR = /[A-Za-z0-9_.-]/;
export const EVERYONE_WORDS = ['here', 'everyone'];

export function isNameChar(c: string | undefined): boolean {
  return !!c && NAME_CHAR.test(c);
}

/** Splits text into plain runs and `@name` tokens (name lower-cased, 3–32 characters, or here/everyone). */
export function splitMentions(text: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    let end = at + 1;
    while (end < text.length && isNameChar(text[end])) end++;
    i = Math.max(end, at + 1);
    if (at > 0 && isNameChar(text[at - 1])) continue;
    let token = text.slice(at + 1, end);
    token = token.replace(/\.+$/, '');
    const name = token.toLowerCase();
    const valid = EVERYONE_WORDS.includes(name) || (name.length >= 3 && name.length <= 32);
    if (!valid) continue;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push({ kind: 'mention', text: '@' + token, name });
    last = at + 1 + token.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The `@prefix` being typed just before the caret, or null: what the autocomplete completes. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  let start = caret;
  while (start > 0 && isNameChar(text[start - 1])) start--;
  if (start === 0 || text[start - 1] !== '@') return null;
  const at = start - 1;
  if (at > 0 && isNameChar(text[at - 1])) return null;
  const query = text.slice(start, caret);
  if (query.length > 32) return null;
  return { start: at, query: query.toLowerCase() };
}

/** Replaces the `@prefix` at the caret with `@username ` and answers the new text and caret. */
export function completeMention(
  text: string,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const q = mentionQuery(text, caret);
  if (!q) return { text, caret };
  let end = caret;
  while (end < text.length && isNameChar(text[end])) end++;
  const inserted = `@${username} `;
  const after = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, q.start) + inserted + after, caret: q.start + inserted.length };
}

export interface Candidate {
  userId: string;
  username: string;
  displayName: string;
}

/** Members whose username or display name starts with the query (usernames first), at most `limit`. */
export function suggest(members: Candidate[], query: string, myUserId: string, limit = 8): Candidate[] {
  const q = query.toLowerCase();
  const others = members.filter((m) => m.userId !== myUserId);
  const byName = others.filter((m) => m.username.toLowerCase().startsWith(q));
  const byDisplay = others.filter(
    (m) => !byName.includes(m) && m.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)),
  );
  return [...byName, ...byDisplay].slice(0, limit);
}
