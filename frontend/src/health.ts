export type HealthStatus = 'UP' | 'DOWN' | 'UNKNOWN';

/** Reads the overall status out of a Spring Boot actuator health document. */
export function parseHealth(body: unknown): HealthStatus {
  if (typeof body === 'object' && body !== null && 'status' in body) {
    const status = (body as { status: unknown }).status;
    if (status === 'UP' || status === 'DOWN') return status;
  }
  return 'UNKNOWN';
}
