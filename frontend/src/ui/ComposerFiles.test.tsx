import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../api/http';
import type { Upload } from '../api/types';
import { UploadQueue } from '../files/uploadQueue';
import { Composer, pastedFiles } from './Composer';
import { render } from './testRender';

function uploadOf(uploadId: string, name: string): Upload {
  return {
    uploadId, name, contentType: 'image/png', size: 3, sha256: 'ab', width: 1, height: 1, thumbnail: true,
    createdAt: '2026-12-02T10:00:00Z', expiresAt: '2026-12-03T10:00:00Z',
  };
}

/** A clipboard as the paste event carries it (jsdom has no DataTransfer). */
function clipboard(files: File[], types = ['Files']) {
  return { files, types, items: files.map((f) => ({ kind: 'file', getAsFile: () => f })) } as unknown as DataTransfer;
}

function setup() {
  const answers: { id: string; name: string; resolve: (u: Upload) => void; reject: (e: Error) => void }[] = [];
  const queue = new UploadQueue({
    upload: (id, _file, name) => new Promise((resolve, reject) => answers.push({ id, name, resolve, reject })),
    remove: async () => {},
    objectUrls: { create: () => 'blob:local/1', revoke: () => {} },
    newId: () => `u${answers.length + 1}`,
  });
  const onSend = vi.fn();
  const view = render(
    <Composer conversationId="c1" label="Message Team" replyTo={null} onCancelReply={() => {}} onSend={onSend} onTyping={() => {}} queue={queue} />,
  );
  const textarea = view.container.querySelector('textarea')!;
  const sendButton = () => view.container.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const paste = (files: File[], types?: string[]) =>
    act(() => {
      const e = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'clipboardData', { value: clipboard(files, types) });
      textarea.dispatchEvent(e);
    });
  return { ...view, queue, answers, onSend, textarea, sendButton, paste };
}

describe('attaching files in the composer', () => {
  afterEach(() => localStorage.clear());

  it('names pasted images by the time of the paste and keeps other pasted files’ names', () => {
    const at = new Date(2026, 11, 2, 14, 3, 9);
    const files = pastedFiles(clipboard([new File(['x'], 'image.png', { type: 'image/png' }), new File(['y'], 'notes.txt', { type: 'text/plain' })]), at);
    expect(files.map((f) => [f.name, f.type])).toEqual([
      ['pasted-image-2026-12-02-140309.png', 'image/png'],
      ['notes.txt', 'text/plain'],
    ]);
  });

  it('shows a pasted image as a chip with its progress; Send waits for the upload, then sends it without text', async () => {
    const { container, answers, onSend, paste, sendButton, unmount } = setup();
    paste([new File(['png'], 'image.png', { type: 'image/png' })]);
    const chip = container.querySelector('[data-testid="attachment-chip"]')!;
    expect(chip.getAttribute('data-status')).toBe('uploading');
    expect(chip.textContent).toMatch(/^pasted-image-.*\.png/);
    expect(chip.querySelector('img')?.getAttribute('src')).toBe('blob:local/1');
    expect(chip.querySelector('progress')).not.toBeNull();
    expect(sendButton().disabled).toBe(false);

    act(() => sendButton().click());
    expect(onSend).not.toHaveBeenCalled();
    expect(sendButton().textContent).toBe('Sending…');

    await act(async () => answers[0].resolve(uploadOf('u1', answers[0].name)));
    expect(onSend).toHaveBeenCalledWith('', [uploadOf('u1', answers[0].name)]);
    expect(container.querySelector('[data-testid="attachment-chip"]')).toBeNull();
    unmount();
  });

  it('does not send while an upload failed, and says why it failed', async () => {
    const { container, answers, onSend, paste, sendButton, unmount } = setup();
    paste([new File(['png'], 'image.png', { type: 'image/png' })]);
    await act(async () => answers[0].reject(new ProblemError({ status: 413 })));
    expect(container.querySelector('[data-testid="attachment-chip"]')?.getAttribute('data-status')).toBe('failed');
    expect(container.textContent).toContain('Too large: files can be at most 25 MB.');
    expect(sendButton().disabled).toBe(true);
    act(() => container.querySelector<HTMLButtonElement>('button[aria-label="Remove ' + answers[0].name + '"]')!.click());
    expect(container.querySelector('[data-testid="attachment-chip"]')).toBeNull();
    expect(onSend).not.toHaveBeenCalled();
    unmount();
  });

  it('has a labelled attach button and file input, and attaches the picked files', () => {
    const { container, answers, unmount } = setup();
    expect(container.querySelector('button[aria-label="Attach files"]')).not.toBeNull();
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.multiple).toBe(true);
    expect(input.getAttribute('aria-label')).toBe('Files to attach');
    const picked = [new File(['a'], 'a.pdf', { type: 'application/pdf' })];
    Object.defineProperty(input, 'files', { value: picked, configurable: true });
    act(() => input.dispatchEvent(new Event('change', { bubbles: true })));
    expect(answers.map((a) => a.name)).toEqual(['a.pdf']);
    expect(container.querySelector('[data-testid="attachment-chip"]')?.textContent).toContain('a.pdf');
    unmount();
  });

  it('lets plain text be pasted as text', () => {
    const { answers, paste, unmount } = setup();
    paste([], ['text/plain']);
    expect(answers).toEqual([]);
    unmount();
  });
});
