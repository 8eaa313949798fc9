// The REST client: bearer token on every call, one silent refresh and retry on 401, and
// RFC 9457 problem details turned into ProblemError with their field errors.
import { AuthSession, SessionExpiredError } from './session';
import type { Problem } from './types';

export class ProblemError extends Error {
  /** Seconds the server asked us to wait (`Retry-After` of a 429 or 503), or null. */
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly problem: Problem,
    retryAfterSeconds: number | null = null,
  ) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.name = 'ProblemError';
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The server refused for now (overloaded, rate limited) and nothing was written: try again. */
  get retryable(): boolean {
    return (this.status === 503 || this.status === 429) && this.retryAfterSeconds !== null;
  }

  get status(): number {
    return this.problem.status;
  }

  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) result[e.field] ??= e.message;
    return result;
  }
}

export async function problemOf(response: Response): Promise<ProblemError> {
  let body: Partial<Problem> = {};
  try {
    body = (await response.json()) as Partial<Problem>;
  } catch {
    // not JSON: keep the status only
  }
  const retryAfter = Number.parseInt(response.headers?.get('Retry-After') ?? '', 10);
  return new ProblemError(
    { ...body, status: response.status, title: body.title ?? response.statusText },
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
  );
}

export class Http {
  constructor(private readonly session: AuthSession) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.authorized(method, path, body);
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The bytes of a file the browser cannot fetch by URL (it needs the bearer token): for blob URLs. */
  async blob(path: string): Promise<Blob> {
    const response = await this.authorized('GET', path);
    if (!response.ok) throw await problemOf(response);
    return response.blob();
  }

  private async authorized(method: string, path: string, body?: unknown): Promise<Response> {
    let response = await this.send(method, path, body, await this.session.accessToken());
    if (response.status === 401) {
      await this.session.refresh();
      response = await this.send(method, path, body, await this.session.accessToken());
      if (response.status === 401) {
        this.session.markExpired();
        throw new SessionExpiredError();
      }
    }
    return response;
  }

  private send(method: string, path: string, body: unknown, token: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** Calls that need no token: register, login, logout. */
export async function publicPost<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** True when the server has no such route at all (as opposed to "no such resource"). */
export function isMissingRoute(error: unknown): boolean {
  if (!(error instanceof ProblemError)) return false;
  if (error.status === 405) return true;
  return error.status === 404 && /no (static resource|endpoint|handler)/i.test(error.problem.detail ?? '');
}
