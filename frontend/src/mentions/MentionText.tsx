import './mentions.css';
import { createContext, useContext } from 'react';
import type { Message } from '../api/types';
import { Linkified, splitLinks } from '../ui/Linkified';
import { EVERYONE_WORDS, splitMentions } from './parse';

export interface MentionView {
  myUserId: string;
  /** The username of a user id, when known. */
  usernameOf: (userId: string) => string | undefined;
}

export const MentionContext = createContext<MentionView | null>(null);

/**
 * Which `@tokens` of a message to highlight: the names the server resolved (`mentions`), and
 * `@here`/`@everyone` when it counted them. A name that resolved to no member stays plain text.
 */
export function mentionNames(message: Message, view: MentionView): { names: Set<string>; mine: Set<string> } {
  const names = new Set<string>();
  const mine = new Set<string>();
  for (const id of message.mentions ?? []) {
    const name = view.usernameOf(id)?.toLowerCase();
    if (!name) continue;
    names.add(name);
    if (id === view.myUserId) mine.add(name);
  }
  if (message.mentionsEveryone) {
    for (const word of EVERYONE_WORDS) {
      names.add(word);
      if (message.senderId !== view.myUserId) mine.add(word);
    }
  }
  return { names, mine };
}

/** A message body with links and highlighted mentions; mentions of me stand out more. */
export function MentionText({ message }: { message: Message }) {
  const view = useContext(MentionContext);
  const text = message.body ?? '';
  if (!view) return <Linkified text={text} />;
  const { names, mine } = mentionNames(message, view);
  if (names.size === 0) return <Linkified text={text} />;
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={i}>
            {splitMentions(part.text).map((p, j) =>
              p.kind === 'mention' && names.has(p.name) ? (
                <span
                  key={j}
                  className={mine.has(p.name) ? 'mention mention-me' : 'mention'}
                  data-testid={mine.has(p.name) ? 'mention-me' : 'mention'}
                >
                  {p.text}
                </span>
              ) : (
                p.text
              ),
            )}
          </span>
        ),
      )}
    </>
  );
}
