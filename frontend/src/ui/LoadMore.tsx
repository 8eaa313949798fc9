import { useEffect, useRef, useState } from 'react';

/**
 * "Load more" under a paged list: a button (keyboard and screen readers) that also loads by itself
 * when scrolled into view (infinite scroll where IntersectionObserver exists).
 */
export function LoadMore({ label, onLoad }: { label: string; onLoad: () => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const load = useRef(async () => undefined as unknown);
  load.current = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await onLoad();
      setError(false);
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const button = ref.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void load.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, []);

  return (
    <button ref={ref} type="button" className="load-more" onClick={() => void load.current()} disabled={busy} aria-busy={busy}>
      {busy ? 'Loading…' : error ? `${label} (failed, try again)` : label}
    </button>
  );
}
