import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer, draftKey } from './Composer';
import { render } from './testRender';

function type(textarea: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(textarea: HTMLTextAreaElement, init: KeyboardEventInit) {
  act(() => {
    textarea.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });
}

describe('the composer', () => {
  afterEach(() => localStorage.clear());

  function setup() {
    const onSend = vi.fn();
    const onTyping = vi.fn();
    const view = render(
      <Composer conversationId="c1" label="Message Team" replyTo={null} onCancelReply={() => {}} onSend={onSend} onTyping={onTyping} />,
    );
    const textarea = view.container.querySelector('textarea')!;
    return { ...view, textarea, onSend, onTyping };
  }

  it('sends on Enter and clears the box', () => {
    const { textarea, onSend, onTyping, unmount } = setup();
    type(textarea, 'hello');
    expect(onTyping).toHaveBeenCalled();
    press(textarea, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('hello', []);
    expect(textarea.value).toBe('');
    unmount();
  });

  it('does not send on Shift+Enter, nor a blank message', () => {
    const { textarea, onSend, unmount } = setup();
    type(textarea, '   ');
    press(textarea, { key: 'Enter' });
    type(textarea, 'line one');
    press(textarea, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    unmount();
  });

  it('keeps the draft per conversation across remounts (reloads and re-logins)', () => {
    const first = setup();
    type(first.textarea, 'half a thought');
    first.unmount();
    expect(localStorage.getItem(draftKey('c1'))).toBe('half a thought');
    const second = setup();
    expect(second.textarea.value).toBe('half a thought');
    second.unmount();
  });

  it('has a label for screen readers', () => {
    const { container, textarea, unmount } = setup();
    const label = container.querySelector(`label[for="${textarea.id}"]`);
    expect(label?.textContent).toBe('Message Team');
    unmount();
  });
});
