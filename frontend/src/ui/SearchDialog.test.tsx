import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { useJumpTarget } from '../search/bus';
import type { SearchHit, SearchPage } from '../search/types';
import { SearchDialog } from './SearchDialog';
import { render } from './testRender';

function hit(seq: number, body: string, start: number, end: number): SearchHit {
  return {
    conversationId: '00000000-0000-4000-8000-000000000001',
    conversationKind: 'group',
    conversationName: 'Team',
    seq,
    messageId: String(500 + seq),
    senderId: 'u1',
    senderName: 'Ann',
    createdAt: '2026-12-02T10:00:00Z',
    body,
    highlights: [{ start, end }],
  };
}

function typeAndSubmit(container: HTMLElement, value: string) {
  const input = container.ownerDocument.querySelector('input[type="search"]') as HTMLInputElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  act(() => {
    input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('the search dialog', () => {
  it('searches, marks the matches as text, loads more, and opening a hit jumps to it', async () => {
    const asked: string[] = [];
    const pages: Record<string, SearchPage> = {
      first: { items: [hit(9, '<b>kiwi</b> pie', 3, 7)], nextCursor: 'next' },
      next: { items: [hit(2, 'old kiwi', 4, 8)], nextCursor: null },
    };
    const get = async <T,>(path: string): Promise<T> => {
      asked.push(path);
      return (path.includes('cursor=next') ? pages.next : pages.first) as T;
    };
    let closed = false;
    const seen: { seq?: number }[] = [];
    function Watch() {
      const t = useJumpTarget('00000000-0000-4000-8000-000000000001');
      if (t) seen.push({ seq: t.seq });
      return null;
    }
    const view = render(
      <>
        <SearchDialog get={get} scope={{ conversationId: 'c9', title: 'Team' }} onClose={() => (closed = true)} />
        <Watch />
      </>,
    );
    const doc = view.container.ownerDocument;
    expect(doc.querySelector('label')!.textContent).toBe('Search messages in Team');
    typeAndSubmit(view.container, 'kiwi');
    await settle();
    expect(asked[0]).toBe('/api/search/messages?query=kiwi&limit=20&conversationId=c9');
    const marks = [...doc.querySelectorAll('.search-results mark')].map((m) => m.textContent);
    expect(marks).toEqual(['kiwi']);
    // The body's markup is text, not elements.
    expect(doc.querySelector('.search-results b')).toBeNull();
    expect(doc.querySelector('.search-snippet')!.textContent).toBe('<b>kiwi</b> pie');
    expect(doc.querySelector('[role="status"]')!.textContent).toBe('1+ message found.');

    const more = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Load more results')!;
    act(() => more.click());
    await settle();
    expect(asked[asked.length - 1]).toContain('cursor=next');
    expect(doc.querySelectorAll('.search-results li')).toHaveLength(2);
    expect([...doc.querySelectorAll('button')].some((b) => b.textContent === 'Load more results')).toBe(false);

    // Widening the scope searches everywhere.
    const all = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Search all conversations')!;
    act(() => all.click());
    typeAndSubmit(view.container, 'kiwi');
    await settle();
    expect(asked[asked.length - 1]).toBe('/api/search/messages?query=kiwi&limit=20');

    const open = doc.querySelector('.search-hit') as HTMLButtonElement;
    act(() => open.click());
    expect(closed).toBe(true);
    expect(location.pathname).toBe('/c/00000000-0000-4000-8000-000000000001');
    expect(seen[seen.length - 1]).toEqual({ seq: 9 });
    view.unmount();
  });

  it('says why a query cannot be searched instead of asking the server', async () => {
    const asked: string[] = [];
    const get = async <T,>(path: string): Promise<T> => {
      asked.push(path);
      return { items: [], nextCursor: null } as T;
    };
    const view = render(<SearchDialog get={get} scope={null} onClose={() => undefined} />);
    typeAndSubmit(view.container, '&|!():*');
    await settle();
    expect(asked).toEqual([]);
    expect(view.container.ownerDocument.querySelector('.field-error')!.textContent).toBe('Search for at least one word or number.');
    view.unmount();
  });
});
