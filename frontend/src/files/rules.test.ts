import { describe, expect, it } from 'vitest';
import type { Attachment } from '../api/types';
import { message } from '../state/fixtures';
import { preview } from '../ui/format';
import {
  MAX_FILE_BYTES,
  attachmentSummary,
  checkFiles,
  displaySize,
  fileKind,
  humanSize,
  messageText,
  pastedName,
  rejectionText,
} from './rules';

function file(name: string, size: number, type = 'application/octet-stream'): File {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

export function attachment(name: string, overrides: Partial<Attachment> = {}): Attachment {
  return {
    attachmentId: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
    name,
    contentType: 'application/pdf',
    size: 2048,
    sha256: 'ab',
    width: null,
    height: null,
    thumbnail: false,
    ...overrides,
  };
}

describe('sizes for people', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 + 300, '10 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [MAX_FILE_BYTES, '25 MB'],
    [3 * 1024 ** 3, '3 GB'],
  ])('%i bytes read as %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text);
  });
});

describe('checking picked files before uploading', () => {
  it('refuses empty files and files over 25 MiB, accepts exactly 25 MiB', () => {
    const { accepted, rejected } = checkFiles(0, [file('ok.bin', MAX_FILE_BYTES), file('big.bin', MAX_FILE_BYTES + 1), file('empty.txt', 0)]);
    expect(accepted.map((f) => f.name)).toEqual(['ok.bin']);
    expect(rejected).toEqual([
      { name: 'big.bin', reason: 'is larger than 25 MB' },
      { name: 'empty.txt', reason: 'is empty' },
    ]);
    expect(rejectionText(rejected)).toBe("Couldn't attach big.bin: it is larger than 25 MB. Couldn't attach empty.txt: it is empty.");
  });

  it('accepts at most ten files per message, counting those already attached', () => {
    const picked = Array.from({ length: 4 }, (_, i) => file(`f${i}.txt`, 10));
    const { accepted, rejected } = checkFiles(8, picked);
    expect(accepted.map((f) => f.name)).toEqual(['f0.txt', 'f1.txt']);
    expect(rejected.map((r) => r.name)).toEqual(['f2.txt', 'f3.txt']);
    expect(rejected[0].reason).toBe('would be more than 10 files');
  });
});

describe('naming and describing files', () => {
  it('names a pasted image by when it was pasted, with the extension of its type', () => {
    const at = new Date(2026, 11, 2, 9, 5, 7);
    expect(pastedName('image/png', at)).toBe('pasted-image-2026-12-02-090507.png');
    expect(pastedName('image/jpeg', at)).toBe('pasted-image-2026-12-02-090507.jpg');
  });

  it('tells kinds of files apart by type', () => {
    expect(fileKind('image/webp')).toBe('image');
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('application/zip')).toBe('archive');
    expect(fileKind('text/plain')).toBe('text');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('document');
    expect(fileKind('application/octet-stream', 'backup.tar')).toBe('archive');
    expect(fileKind('application/octet-stream', 'data.bin')).toBe('file');
  });

  it('sizes an image into a 360 px box keeping its shape, never enlarging it', () => {
    expect(displaySize(1920, 1080)).toEqual({ width: 360, height: 203 });
    expect(displaySize(480, 960)).toEqual({ width: 180, height: 360 });
    expect(displaySize(100, 50)).toEqual({ width: 100, height: 50 });
  });
});

describe('one-line text of a message', () => {
  const users = {};
  it('shows the body when there is one', () => {
    expect(messageText(message(1, { body: ' look\nhere ', attachments: [attachment('a.pdf')] }))).toBe('look here');
  });

  it('shows the file name when a message is only one file', () => {
    const m = message(1, { body: null, attachments: [attachment('photo.jpg')] });
    expect(messageText(m)).toBe('📎 photo.jpg');
    expect(preview(m, users, 'someone-else')).toMatch(/: 📎 photo\.jpg$/);
  });

  it('counts the files when there are several', () => {
    expect(attachmentSummary([attachment('a.pdf'), attachment('bb.pdf'), attachment('ccc.pdf')])).toBe('📎 3 files');
    expect(messageText(message(1, { body: '', attachments: [attachment('a.pdf'), attachment('bb.pdf')] }))).toBe('📎 2 files');
  });

  it('says a deleted message was deleted, whatever it carried', () => {
    expect(messageText(message(1, { deleted: true, body: null, attachments: [attachment('a.pdf')] }))).toBe('message deleted');
  });

  it('reads messages of an older server that sends no attachments', () => {
    const old = message(1, { body: '' }) as Partial<ReturnType<typeof message>>;
    delete old.attachments;
    expect(messageText(old as ReturnType<typeof message>)).toBe('');
  });
});
