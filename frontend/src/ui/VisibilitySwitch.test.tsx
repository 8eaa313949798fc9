import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ChatStore } from '../state/store';
import { render } from './testRender';
import { VisibilitySwitch } from './VisibilitySwitch';

const button = (root: HTMLElement, text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

describe('the visibility switch', () => {
  it('warns that history is exposed before making a group public', async () => {
    const updateGroup = vi.fn(async () => undefined);
    const store = { updateGroup } as unknown as ChatStore;
    const { container, unmount } = render(<VisibilitySwitch store={store} id="g1" visibility="private" onError={() => {}} />);
    act(() => button(container, 'Make public…')!.click());
    expect(updateGroup).not.toHaveBeenCalled();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('exposes its whole history');
    await act(async () => button(container, 'Make public and expose history')!.click());
    expect(updateGroup).toHaveBeenCalledWith('g1', { visibility: 'public' });
    unmount();
  });

  it('makes a public group private at once', async () => {
    const updateGroup = vi.fn(async () => undefined);
    const { container, unmount } = render(
      <VisibilitySwitch store={{ updateGroup } as unknown as ChatStore} id="g1" visibility="public" onError={() => {}} />,
    );
    await act(async () => button(container, 'Make private')!.click());
    expect(updateGroup).toHaveBeenCalledWith('g1', { visibility: 'private' });
    unmount();
  });
});
