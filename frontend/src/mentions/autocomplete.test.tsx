import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../ui/Composer';
import { render } from '../ui/testRender';

function type(textarea: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(textarea: HTMLTextAreaElement, key: string) {
  act(() => {
    textarea.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key }));
  });
}

const members = [
  { userId: 'me', username: 'anna', displayName: 'Anna' },
  { userId: 'b', username: 'bob', displayName: 'Bob B' },
  { userId: 'c', username: 'bea', displayName: 'Bea C' },
];

describe('the @ autocomplete', () => {
  afterEach(() => localStorage.clear());

  function setup() {
    const onSend = vi.fn();
    const view = render(
      <Composer conversationId="m1" label="Message" replyTo={null} onCancelReply={() => {}} onSend={onSend} onTyping={() => {}} members={members} myUserId="me" />,
    );
    return { ...view, textarea: view.container.querySelector('textarea')!, onSend };
  }

  const options = (c: HTMLElement) => Array.from(c.querySelectorAll('[role="option"]')).map((o) => o.textContent);

  it('lists matching members, moves with the arrows and picks with Enter without sending', () => {
    const { container, textarea, onSend, unmount } = setup();
    type(textarea, 'hi @b');
    expect(options(container)).toEqual(['@bob Bob B', '@bea Bea C']);
    expect(textarea.getAttribute('aria-expanded')).toBe('true');
    press(textarea, 'ArrowDown');
    expect(container.querySelector('[aria-selected="true"]')?.textContent).toBe('@bea Bea C');
    press(textarea, 'Enter');
    expect(textarea.value).toBe('hi @bea ');
    expect(onSend).not.toHaveBeenCalled();
    expect(container.querySelector('[role="listbox"]')).toBeNull();
    unmount();
  });

  it('picks with Tab, closes with Escape, and never offers me', () => {
    const { container, textarea, onSend, unmount } = setup();
    type(textarea, '@a');
    expect(options(container)).toEqual([]);
    type(textarea, '@bo');
    press(textarea, 'Tab');
    expect(textarea.value).toBe('@bob ');
    type(textarea, '@bob @b');
    press(textarea, 'Escape');
    expect(container.querySelector('[role="listbox"]')).toBeNull();
    press(textarea, 'Enter');
    expect(onSend).toHaveBeenCalledWith('@bob @b', []);
    unmount();
  });
});
