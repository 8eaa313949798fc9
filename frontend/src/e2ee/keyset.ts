// keySetVersion (docs/api.md, "End-to-end encryption"): lowercase hex SHA-256 of the sorted lines
// "<userId> device <fingerprint>" / "<userId> backup <fingerprint>", joined by "\n".
// The server's implementation is io.parley.events.e2ee.KeySetVersion; this one lets tests (and a
// cautious client) compute the same value.

export interface KeySetEntry {
  userId: string;
  kind: 'device' | 'backup';
  fingerprint: string;
}

export function keySetLines(entries: KeySetEntry[]): string {
  return entries
    .map((e) => `${e.userId} ${e.kind} ${e.fingerprint}`)
    .sort()
    .join('\n');
}

export async function keySetVersion(entries: KeySetEntry[]): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(keySetLines(entries)));
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
