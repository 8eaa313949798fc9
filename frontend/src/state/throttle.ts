/**
 * Sends the newest value per key: at once when the key was quiet for `intervalMs`, otherwise once
 * that interval since its last send is over, with the highest value offered meanwhile. Values only
 * move forward; a lower or equal one is dropped. Used for delivery acks and read markers, which a
 * busy conversation would otherwise send once per arriving message (docs/adr/0222).
 */
export class LatestThrottle {
  private readonly entries = new Map<string, { value: number; sentAt: number; timer: ReturnType<typeof setTimeout> | null }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (key: string, value: number) => void,
  ) {}

  offer(key: string, value: number): void {
    const entry = this.entries.get(key) ?? { value: 0, sentAt: Number.NEGATIVE_INFINITY, timer: null };
    this.entries.set(key, entry);
    if (value <= entry.value) return;
    entry.value = value;
    if (entry.timer) return;
    const flush = () => {
      entry.timer = null;
      entry.sentAt = Date.now();
      this.send(key, entry.value);
    };
    const wait = entry.sentAt + this.intervalMs - Date.now();
    if (wait <= 0) flush();
    else entry.timer = setTimeout(flush, wait);
  }
}
