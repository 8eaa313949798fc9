import { ProblemError } from '../api/http';

export function problemText(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = Object.entries(error.fieldErrors()).map(([f, m]) => `${f} ${m}`);
    return fields.length ? fields.join('; ') : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
