// Verification: the safety number shared with one member, as digits and as a QR code. Both sides
// see the same 60 digits; when they match (read aloud, or one scans the other's code), no one sits
// between them. A member's changed keys change the number.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { User } from '../api/types';
import { Modal } from '../ui/Dialogs';
import type { EncryptionService, SafetyNumber } from './service';

/** 60 digits as twelve groups of five, the way people read them out. */
export function groupDigits(digits: string): string[] {
  return digits.replace(/\s+/g, '').match(/.{1,5}/g) ?? [];
}

export function SafetyNumberDialog({
  service,
  members,
  initialUserId,
  onClose,
}: {
  service: EncryptionService;
  /** The other members of the conversation (not me). */
  members: User[];
  initialUserId?: string;
  onClose: () => void;
}) {
  const [userId, setUserId] = useState(initialUserId ?? members[0]?.userId ?? '');
  const [number, setNumber] = useState<SafetyNumber | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const user = members.find((m) => m.userId === userId);

  useEffect(() => {
    if (!userId) return;
    let live = true;
    setNumber(null);
    setQr(null);
    setError(null);
    service
      .safetyNumber(userId)
      .then(async (n) => {
        if (!live) return;
        setNumber(n);
        const svg = await QRCode.toString(n.qrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : 'Could not compute the safety number.'));
    return () => {
      live = false;
    };
  }, [service, userId]);

  return (
    <Modal title="Verify safety numbers" onClose={onClose}>
      <div className="stack safety">
        {members.length > 1 && (
          <div className="field">
            <label htmlFor="safety-member">Member</label>
            <select id="safety-member" value={userId} onChange={(e) => setUserId(e.target.value)}>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.displayName}
                </option>
              ))}
            </select>
          </div>
        )}
        {members.length === 0 && <p className="muted">No other members to verify yet.</p>}
        {user && (
          <p>
            Compare these numbers with {user.displayName}, in person or on a call you trust. If they are the same on both
            devices, your messages reach {user.displayName}’s devices and no one else’s.
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {user && !number && !error && <p className="muted">Computing…</p>}
        {number && (
          <>
            <p className="safety-number" data-testid="safety-number" aria-label={`Safety number with ${user?.displayName ?? 'member'}`}>
              {groupDigits(number.digits).map((group, i) => (
                <span key={i}>{group}</span>
              ))}
            </p>
            {qr && (
              <img
                className="safety-qr"
                src={qr}
                width={192}
                height={192}
                alt={`QR code of the safety number with ${user?.displayName ?? 'this member'}`}
                data-testid="safety-qr"
              />
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
