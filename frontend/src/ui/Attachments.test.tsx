import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Http } from '../api/http';
import type { AuthSession } from '../api/session';
import type { Attachment } from '../api/types';
import { FilesClient } from '../files/client';
import { message } from '../state/fixtures';
import { FilesContext } from './FilesContext';
import { MessageRow } from './MessageRow';
import { render } from './testRender';

const photo: Attachment = {
  attachmentId: '00000000-0000-4000-8000-0000000000f1',
  name: 'photo.jpg',
  contentType: 'image/jpeg',
  size: 150_000,
  sha256: 'ab',
  width: 1200,
  height: 800,
  thumbnail: true,
};
const report: Attachment = { ...photo, attachmentId: '00000000-0000-4000-8000-0000000000f2', name: 'report.pdf', contentType: 'application/pdf', width: null, height: null, thumbnail: false };

describe('a message’s files', () => {
  const fetched: string[] = [];
  let files: FilesClient;
  beforeEach(() => {
    fetched.length = 0;
    let n = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => `blob:test/${++n}`, revokeObjectURL: () => {} }));
    const http = {
      blob: async (path: string) => {
        fetched.push(path);
        return new Blob(['img']);
      },
    } as unknown as Http;
    files = new FilesClient(http, {} as AuthSession);
  });
  afterEach(() => vi.unstubAllGlobals());

  function show(m: ReturnType<typeof message>) {
    const noop = () => {};
    return render(
      <FilesContext.Provider value={files}>
        <MessageRow
          message={m}
          senderName="Alice"
          senderAvatarId={null}
          showHeader
          mine={false}
          canDelete={false}
          replyName={null}
          replyMessage={null}
          receipt={null}
          readBy={0}
          direct={false}
          myReactions={{}}
          onReply={noop}
          onEdit={async () => {}}
          onDelete={noop}
          onReact={noop}
          onOpenImage={noop}
        />
      </FilesContext.Provider>,
    );
  }

  it('shows an image in a box sized from its dimensions, then its thumbnail fetched with the token', async () => {
    const view = show(message(1, { body: null, attachments: [photo, report] }));
    const button = view.container.querySelector<HTMLButtonElement>('[data-testid="attachment-image"]')!;
    expect(button.style.width).toBe('360px');
    expect(button.style.aspectRatio).toBe('360 / 240');
    expect(button.getAttribute('aria-label')).toBe('Open image photo.jpg');
    await act(async () => {});
    expect(fetched).toEqual([`/api/files/${photo.attachmentId}/thumbnail`]);
    expect(button.querySelector('img')?.getAttribute('src')).toMatch(/^blob:test\//);
    const card = view.container.querySelector('[data-testid="file-card"]')!;
    expect(card.textContent).toContain('report.pdf');
    expect(card.textContent).toContain('146 KB');
    expect(card.querySelector('button')?.getAttribute('aria-label')).toBe('Download report.pdf');
    expect(view.container.querySelector('.body')).toBeNull(); // no empty text line above the files
    view.unmount();
  });

  it('shows nothing of a deleted message’s files', () => {
    const view = show(message(1, { deleted: true, body: null, attachments: [photo] }));
    expect(view.container.querySelector('[data-testid="attachment-image"]')).toBeNull();
    expect(view.container.textContent).toContain('This message was deleted.');
    view.unmount();
  });
});
