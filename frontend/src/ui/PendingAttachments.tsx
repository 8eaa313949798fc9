import type { PendingUpload, UploadQueue } from '../files/uploadQueue';
import { humanSize } from '../files/rules';
import { FileBadge } from './FileBadge';

/** The files waiting in the composer: preview, name, size, progress, and a way to take each back. */
export function PendingAttachments({ queue, items }: { queue: UploadQueue; items: PendingUpload[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="pending-files" aria-label="Attachments">
      {items.map((item) => (
        <li key={item.id} className={`file-chip ${item.status}`} data-testid="attachment-chip" data-status={item.status}>
          {item.previewUrl ? (
            <img className="file-chip-thumb" src={item.previewUrl} alt="" />
          ) : (
            <FileBadge contentType={item.type} name={item.name} />
          )}
          <span className="file-chip-text">
            <span className="file-chip-name" title={item.name}>
              {item.name}
            </span>
            <small className="file-chip-size">
              {item.status === 'uploading'
                ? `${humanSize(item.loaded)} of ${humanSize(item.size)}`
                : item.status === 'done'
                  ? humanSize(item.size)
                  : 'Not uploaded'}
            </small>
            <progress
              className="file-chip-progress"
              max={item.size}
              value={item.loaded}
              aria-label={`Upload of ${item.name}`}
              aria-valuetext={item.status === 'done' ? 'Uploaded' : `${Math.round((item.loaded / Math.max(1, item.size)) * 100)}%`}
            />
            {item.error && (
              <small className="field-error" role="alert">
                {item.error}
              </small>
            )}
          </span>
          {item.status === 'failed' && (
            <button type="button" className="ghost" onClick={() => queue.retry(item.id)} aria-label={`Retry ${item.name}`}>
              ↻
            </button>
          )}
          <button
            type="button"
            className="ghost"
            onClick={() => queue.remove(item.id)}
            aria-label={item.status === 'uploading' ? `Cancel upload of ${item.name}` : `Remove ${item.name}`}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
