import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../ui/testRender';
import { jumpShown, onOpenSearch, openSearch, requestJump, useJumpTarget, type JumpTarget } from './bus';

function probe(conversationId: string) {
  const seen: { current: JumpTarget | null } = { current: null };
  function Probe() {
    seen.current = useJumpTarget(conversationId);
    return null;
  }
  const view = render(<Probe />);
  return { seen, unmount: view.unmount };
}

describe('search bus', () => {
  it('a jump asked before the conversation view mounts is still seen, once', () => {
    const asked = requestJump('c-early', { seq: 7 });
    const first = probe('c-early');
    expect(first.seen.current).toMatchObject({ conversationId: 'c-early', seq: 7 });
    jumpShown(asked);
    first.unmount();
    const again = probe('c-early');
    expect(again.seen.current).toBeNull();
    again.unmount();
  });

  it('a mounted view sees jumps to its own conversation only', () => {
    const { seen, unmount } = probe('c-here');
    act(() => void requestJump('c-elsewhere', { seq: 1 }));
    expect(seen.current).toBeNull();
    act(() => void requestJump('c-here', { messageId: '123' }));
    expect(seen.current).toMatchObject({ messageId: '123', seq: undefined });
    const before = seen.current!.nonce;
    act(() => void requestJump('c-here', { messageId: '123' }));
    expect(seen.current!.nonce).toBeGreaterThan(before);
    unmount();
  });

  it('opens the search with or without a conversation', () => {
    const seen: unknown[] = [];
    const off = onOpenSearch((scope) => seen.push(scope));
    openSearch(null);
    openSearch({ conversationId: 'c', title: 'Team' });
    off();
    openSearch(null);
    expect(seen).toEqual([null, { conversationId: 'c', title: 'Team' }]);
  });
});
