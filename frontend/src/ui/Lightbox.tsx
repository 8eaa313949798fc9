import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Attachment } from '../api/types';
import { filePath } from '../files/client';
import { displaySize, humanSize } from '../files/rules';
import { useBlobUrl, useFiles } from './FilesContext';

/**
 * One image at full size over the page. A modal <dialog>: the page behind is inert, so focus stays
 * inside; Escape or Close ends it and focus returns to the image that opened it.
 */
export function Lightbox({ attachment: a, onClose }: { attachment: Attachment; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const files = useFiles();
  const full = useBlobUrl(filePath(a.attachmentId));
  const thumb = useBlobUrl(a.thumbnail ? filePath(a.attachmentId, 'thumbnail') : null);
  const [failed, setFailed] = useState(false);
  const shown = full?.status === 'ready' ? full.url : thumb?.status === 'ready' ? thumb.url : null;
  const box = displaySize(a.width ?? 1, a.height ?? 1, 4096);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    close.current?.focus();
  }, []);

  // A modal dialog makes the page inert, but Tab from its last control would leave for the
  // browser's own controls: keep it cycling through the dialog's buttons.
  function trapTab(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key !== 'Tab') return;
    const controls = Array.from(ref.current?.querySelectorAll<HTMLElement>('button:not([disabled])') ?? []);
    if (controls.length === 0) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      className="lightbox"
      aria-label={`Image ${a.name}`}
      data-testid="lightbox"
      onClose={onClose}
      onCancel={onClose}
      onKeyDown={trapTab}
    >
      <header className="lightbox-bar">
        <span className="lightbox-name">
          {a.name} <small>{humanSize(a.size)}{a.width && a.height ? ` · ${a.width}×${a.height}` : ''}</small>
        </span>
        <button
          type="button"
          onClick={() => files?.download(a).then(() => setFailed(false), () => setFailed(true))}
          aria-label={`Download ${a.name}`}
        >
          Download
        </button>
        <button ref={close} type="button" onClick={onClose} aria-label="Close image">
          ✕
        </button>
      </header>
      {failed && (
        <p className="form-error" role="alert">
          The download failed.
        </p>
      )}
      <div className="lightbox-stage">
        {shown ? (
          <img src={shown} alt={a.name} width={box.width} height={box.height} data-full={full?.status === 'ready' ? 'true' : undefined} />
        ) : (
          <p className="muted">{full?.status === 'error' ? 'The image could not be loaded.' : 'Loading…'}</p>
        )}
      </div>
    </dialog>
  );
}
