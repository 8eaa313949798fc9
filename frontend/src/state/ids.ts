// Random version-4 UUIDs for client message ids. crypto.randomUUID exists only in secure contexts
// (HTTPS or localhost); a self-hosted Parley is often opened as http://<LAN address>/, where it is
// missing. crypto.getRandomValues is available in every context.
type Fill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;

export function newId(random: Fill = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
