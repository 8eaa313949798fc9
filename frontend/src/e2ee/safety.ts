// Safety numbers: 60 digits two users compare to know that the keys each of them encrypts to are
// the keys the other one really has. Each user contributes 30 digits derived from their user id and
// their sorted key fingerprints (active device keys and backup key); the two halves are ordered by
// user id, so both sides compute the same number. Any added, removed or substituted key changes
// that user's half.

const VERSION = 'parley-safety-number-v1';
const ITERATIONS = 1024;

/** The key entries of one user as the safety number sees them: "device:<fp>" / "backup:<fp>". */
export function safetyEntries(deviceFingerprints: string[], backupFingerprint: string | null): string[] {
  const entries = deviceFingerprints.map((fp) => `device:${fp.toLowerCase()}`);
  if (backupFingerprint) entries.push(`backup:${backupFingerprint.toLowerCase()}`);
  return [...new Set(entries)].sort();
}

/** 30 digits for one user: an iterated SHA-512 of (version, user id, entries), 6 chunks of 5 bytes mod 10^5. */
export async function userDigits(userId: string, entries: string[]): Promise<string> {
  const input = new TextEncoder().encode(`${VERSION}\n${userId}\n${[...entries].sort().join('\n')}`);
  let hash = new Uint8Array(await crypto.subtle.digest('SHA-512', input));
  for (let i = 1; i < ITERATIONS; i++) {
    const next = new Uint8Array(hash.length + input.length);
    next.set(hash);
    next.set(input, hash.length);
    hash = new Uint8Array(await crypto.subtle.digest('SHA-512', next));
  }
  let digits = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + hash[chunk * 5 + i]; // < 2^40: exact in a double
    digits += String(value % 100000).padStart(5, '0');
  }
  return digits;
}

export interface SafetyNumberParts {
  /** 60 digits, no spaces. */
  plain: string;
  /** 12 groups of 5 separated by spaces. */
  digits: string;
  qrPayload: string;
}

export async function safetyNumberOf(
  a: { userId: string; entries: string[] },
  b: { userId: string; entries: string[] },
): Promise<SafetyNumberParts> {
  const [first, second] = a.userId <= b.userId ? [a, b] : [b, a];
  const plain = (await userDigits(first.userId, first.entries)) + (await userDigits(second.userId, second.entries));
  const digits = plain.match(/.{5}/g)!.join(' ');
  return { plain, digits, qrPayload: `parley-safety:1:${first.userId}:${second.userId}:${plain}` };
}
