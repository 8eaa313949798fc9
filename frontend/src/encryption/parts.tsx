// The small pieces of the encrypted-conversation UI: the lock badge, the banner that says what the
// server cannot do there, the create-encrypted toggle, and a message that cannot be read.
import { useId } from 'react';
import type { Reveal } from './service';
import { useEncryption } from './EncryptionContext';

export function LockBadge({ className = '' }: { className?: string }) {
  return (
    <span className={`lock-badge ${className}`.trim()} role="img" aria-label="End-to-end encrypted" title="End-to-end encrypted" data-testid="lock-badge">
      <svg viewBox="0 0 16 16" width="0.9em" height="0.9em" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 6V4.5a2 2 0 1 1 4 0V7H6Z"
        />
      </svg>
    </span>
  );
}

/** Said once at the top of an encrypted conversation: who can read it and what does not work. */
export function EncryptionBanner({ onVerify, unavailable }: { onVerify?: () => void; unavailable?: string | null }) {
  return (
    <div className="e2ee-banner" role="note" aria-label="Encryption" data-testid="e2ee-banner">
      <p>
        <LockBadge /> <strong>End-to-end encrypted.</strong> Only the members’ devices can read these messages — not the
        server, nor anyone with its database. So the server cannot search them, and notifications and previews show no text.
        Files cannot be sent here yet.
      </p>
      {unavailable && <p className="form-error">{unavailable}</p>}
      {onVerify && (
        <button type="button" className="link" onClick={onVerify}>
          Verify safety numbers
        </button>
      )}
    </div>
  );
}

/**
 * "End-to-end encrypted" when starting a conversation. Disabled (and off) where it is not possible:
 * public groups, or a browser that cannot encrypt.
 */
export function EncryptedToggle({
  checked,
  onChange,
  disabledReason,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  disabledReason?: string | null;
}) {
  const id = useId();
  return (
    <div className="field e2ee-toggle">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked && !disabledReason}
          disabled={!!disabledReason}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={`${id}-help`}
        />{' '}
        End-to-end encrypted
      </label>
      <small id={`${id}-help`} className="muted">
        {disabledReason ??
          'Only members’ devices can read it; the server cannot search it or show message text in notifications. It cannot be turned off later.'}
      </small>
    </div>
  );
}

/** The body of an encrypted message that does not show as text (yet). */
export function UnreadableBody({ reveal }: { reveal: Reveal }) {
  const encryption = useEncryption();
  if (reveal.state === 'pending') {
    return (
      <p className="body e2ee-pending" data-testid="decrypting">
        Decrypting…
      </p>
    );
  }
  if (reveal.state === 'before-device') {
    return (
      <p className="body e2ee-before-device" data-testid="before-device">
        <LockBadge /> This message was sent before you signed in on this device (or before you joined), so this device has no
        key to read it.{' '}
        {encryption && (
          <button type="button" className="link" onClick={encryption.openRestore}>
            Restore from key backup
          </button>
        )}
      </p>
    );
  }
  if (reveal.state === 'failed') {
    return (
      <p className="body e2ee-failed" data-testid="decrypt-failed" role="status">
        ⚠ This message could not be decrypted or its signature did not check out, so it is not shown.{' '}
        <small className="muted">({reveal.reason})</small>
      </p>
    );
  }
  return null;
}
