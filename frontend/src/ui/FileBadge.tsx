import { fileKind } from '../files/rules';

/** A file's type at a glance: a square coloured by kind, with its extension (no emoji font needed). */
export function FileBadge({ contentType, name }: { contentType: string; name: string }) {
  const kind = fileKind(contentType, name);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 5 ? name.slice(dot + 1).toUpperCase() : 'FILE';
  return (
    <span className={`file-badge kind-${kind}`} aria-hidden="true">
      {ext}
    </span>
  );
}

/** A paperclip, drawn: emoji fonts are not everywhere. */
export function PaperclipIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" className="icon">
      <path
        d="M21 11.5l-8.6 8.6a5.5 5.5 0 01-7.8-7.8l8.6-8.6a3.7 3.7 0 015.2 5.2l-8.6 8.6a1.8 1.8 0 01-2.6-2.6l7.9-7.9"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
