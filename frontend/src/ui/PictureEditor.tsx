import { useId, useRef, useState } from 'react';
import type { FilesClient } from '../files/client';
import { IMAGE_TYPES, MAX_FILE_BYTES, humanSize } from '../files/rules';
import { uploadErrorText } from '../files/upload';
import { Avatar } from './Avatar';
import { messageOf } from './Dialogs';

interface Props {
  files: FilesClient;
  /** Whose picture: a user id or a conversation id (for the initials' colour). */
  ownerId: string;
  name: string;
  imageId: string | null;
  /** "Profile picture" or "Group picture": names the controls. */
  label: string;
  onSet: (uploadId: string) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
}

/** Shows a picture with buttons to upload a new one (PNG, JPEG, GIF or WebP) or remove it. */
export function PictureEditor({ files, ownerId, name, imageId, label, onSet, onRemove }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  async function pick(file: File | undefined) {
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) {
      setError('Pick a PNG, JPEG, GIF or WebP image.');
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setError(`The picture is larger than ${humanSize(MAX_FILE_BYTES)}.`);
      return;
    }
    setError(null);
    setProgress(0);
    try {
      const uploadId = await files.uploadImage(file, setProgress);
      await onSet(uploadId);
    } catch (e) {
      setError(uploadErrorText(e));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  }

  async function remove() {
    setError(null);
    try {
      await onRemove();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <div className="picture-editor" role="group" aria-labelledby={`${id}-label`}>
      <Avatar id={ownerId} name={name} size="lg" imageId={imageId} />
      <div className="stack">
        <span id={`${id}-label`} className="picture-label">
          {label}
        </span>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          className="sr-only"
          tabIndex={-1}
          aria-label={`${label} file`}
          accept={IMAGE_TYPES.join(',')}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <div className="row-actions-inline">
          <button type="button" onClick={() => input.current?.click()} disabled={progress !== null} aria-label={`Upload a new ${label.toLowerCase()}`}>
            {imageId ? 'Change…' : 'Upload…'}
          </button>
          {imageId && (
            <button type="button" className="danger" onClick={() => void remove()} disabled={progress !== null} aria-label={`Remove ${label.toLowerCase()}`}>
              Remove
            </button>
          )}
        </div>
        {progress !== null && (
          <progress max={1} value={progress} aria-label={`Uploading ${label.toLowerCase()}`}>
            {Math.round(progress * 100)}%
          </progress>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
