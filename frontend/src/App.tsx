import { useEffect, useState } from 'react';
import { parseHealth, type HealthStatus } from './health';

export function App() {
  const [status, setStatus] = useState<HealthStatus>('UNKNOWN');

  useEffect(() => {
    fetch('/actuator/health')
      .then((response) => response.json())
      .then((body) => setStatus(parseHealth(body)))
      .catch(() => setStatus('DOWN'));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '3rem auto', maxWidth: '40rem' }}>
      <h1>Parley</h1>
      <p>The browser chat is on its way. The platform behind this page is running.</p>
      <p>
        Platform status: <strong data-testid="status">{status}</strong>
      </p>
    </main>
  );
}
