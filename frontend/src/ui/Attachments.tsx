import { memo, useState } from 'react';
import type { Attachment } from '../api/types';
import { filePath } from '../files/client';
import { displaySize, humanSize, isInlineImage } from '../files/rules';
import { FileBadge } from './FileBadge';
import { useBlobUrl, useFiles } from './FilesContext';

interface Props {
  attachments: Attachment[];
  onOpenImage: (a: Attachment) => void;
}

/** A message's files: images inline (sized before they load), other files as cards to download. */
export const Attachments = memo(function Attachments({ attachments, onOpenImage }: Props) {
  if (attachments.length === 0) return null;
  const images = attachments.filter(isInlineImage);
  const others = attachments.filter((a) => !isInlineImage(a));
  return (
    <div className="attachments">
      {images.length > 0 && (
        <ul className="attachment-images" aria-label="Images">
          {images.map((a) => (
            <li key={a.attachmentId}>
              <InlineImage attachment={a} onOpen={onOpenImage} />
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <ul className="attachment-files" aria-label="Files">
          {others.map((a) => (
            <li key={a.attachmentId}>
              <FileCard attachment={a} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

function InlineImage({ attachment: a, onOpen }: { attachment: Attachment; onOpen: (a: Attachment) => void }) {
  const image = useBlobUrl(filePath(a.attachmentId, 'thumbnail'));
  const box = displaySize(a.width ?? 1, a.height ?? 1);
  return (
    <button
      type="button"
      className="attachment-image"
      data-testid="attachment-image"
      data-state={image?.status ?? 'none'}
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      onClick={() => onOpen(a)}
      aria-label={`Open image ${a.name}`}
    >
      {image?.status === 'ready' ? (
        <img src={image.url} alt={a.name} width={box.width} height={box.height} />
      ) : (
        <span className="attachment-image-note">{image?.status === 'error' ? 'Preview unavailable' : ''}</span>
      )}
    </button>
  );
}

export function FileCard({ attachment: a }: { attachment: Attachment }) {
  const files = useFiles();
  const [state, setState] = useState<'idle' | 'busy' | 'error'>('idle');
  async function download() {
    if (!files) return;
    setState('busy');
    try {
      await files.download(a);
      setState('idle');
    } catch {
      setState('error');
    }
  }
  return (
    <div className="file-card" data-testid="file-card">
      <FileBadge contentType={a.contentType} name={a.name} />
      <span className="file-card-text">
        <span className="file-card-name" title={a.name}>
          {a.name}
        </span>
        <small className="muted">
          {humanSize(a.size)}
          {state === 'error' && <span className="field-error"> · download failed</span>}
        </small>
      </span>
      <button type="button" onClick={() => void download()} disabled={state === 'busy'} aria-label={`Download ${a.name}`}>
        {state === 'busy' ? 'Saving…' : 'Download'}
      </button>
    </div>
  );
}
