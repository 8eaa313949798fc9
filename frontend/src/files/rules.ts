// What the client checks before it uploads, and how files are named and described on screen. The
// server enforces the same limits (docs/api.md, Files); checking first saves a 25 MiB upload that
// would be refused.
import type { Attachment, Message, Upload } from '../api/types';

export const MAX_ATTACHMENTS = 10;
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** The raster types the server makes previews of; the browser shows them inline. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export interface Rejection {
  name: string;
  reason: string;
}

/** Splits picked files into those to upload and those refused, given how many are already attached. */
export function checkFiles(held: number, files: File[]): { accepted: File[]; rejected: Rejection[] } {
  const accepted: File[] = [];
  const rejected: Rejection[] = [];
  for (const file of files) {
    if (file.size === 0) rejected.push({ name: file.name, reason: 'is empty' });
    else if (file.size > MAX_FILE_BYTES) rejected.push({ name: file.name, reason: `is larger than ${humanSize(MAX_FILE_BYTES)}` });
    else if (held + accepted.length >= MAX_ATTACHMENTS) rejected.push({ name: file.name, reason: `would be more than ${MAX_ATTACHMENTS} files` });
    else accepted.push(file);
  }
  return { accepted, rejected };
}

/** "Couldn't attach a.zip: is larger than 25 MB." for each refused file. */
export function rejectionText(rejected: Rejection[]): string {
  return rejected.map((r) => `Couldn't attach ${r.name || 'a file'}: it ${r.reason}.`).join(' ');
}

const UNITS = ['KB', 'MB', 'GB'];

/** 1023 → "1023 B", 1536 → "1.5 KB", 25 MiB → "25 MB" (binary multiples, as the limits are). */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  return `${shown} ${UNITS[unit]}`;
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** A pasted image has no useful name ("image.png"): it is named by when it was pasted. */
export function pastedName(type: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `pasted-image-${stamp}.${EXTENSIONS[type] ?? 'png'}`;
}

export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'archive' | 'text' | 'document' | 'file';

export function fileKind(contentType: string, name = ''): FileKind {
  const type = (contentType ?? '').toLowerCase();
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (/zip|x-tar|gzip|x-7z|x-rar|x-bzip/.test(type) || ['zip', 'tar', 'gz', '7z', 'rar'].includes(ext)) return 'archive';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  if (/word|officedocument|opendocument|msexcel|powerpoint|rtf/.test(type)) return 'document';
  return 'file';
}

/** An attachment the browser shows inline: a raster image with a server-made preview. */
export function isInlineImage(a: Attachment): boolean {
  return a.thumbnail && a.width !== null && a.height !== null;
}

/** The box an inline image takes, known before its bytes arrive so the list does not jump. */
export function displaySize(width: number, height: number, max = 360): { width: number; height: number } {
  const scale = Math.min(1, max / width, max / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** "📎 photo.jpg" or "📎 3 files", for previews and quotes of a message with no text. */
export function attachmentSummary(attachments: Attachment[]): string {
  if (attachments.length === 0) return '';
  return attachments.length === 1 ? `📎 ${attachments[0].name}` : `📎 ${attachments.length} files`;
}

/** A message's text for one-line places (inbox preview, reply quote). */
export function messageText(message: Pick<Message, 'body' | 'attachments' | 'deleted'>): string {
  if (message.deleted) return 'message deleted';
  const body = (message.body ?? '').replace(/\s+/g, ' ').trim();
  return body || attachmentSummary(message.attachments ?? []);
}

/** An upload as the message that carries it will describe it: the upload's id is the attachment's. */
export function toAttachment(upload: Upload): Attachment {
  return {
    attachmentId: upload.uploadId,
    name: upload.name,
    contentType: upload.contentType,
    size: upload.size,
    sha256: upload.sha256,
    width: upload.width,
    height: upload.height,
    thumbnail: upload.thumbnail,
  };
}
