import { describe, expect, it } from 'vitest';
import { ProblemError } from '../api/http';
import { filePath, patientBlob } from './client';

function server(answers: (number | 'ok')[]) {
  const asked: string[] = [];
  return {
    asked,
    http: {
      blob: async (path: string) => {
        asked.push(path);
        const next = answers.shift();
        if (next === 'ok') return new Blob(['bytes']);
        throw new ProblemError({ status: next ?? 500 });
      },
    },
  };
}

describe('fetching a file just announced', () => {
  it('asks again while the read side does not know the file yet (404), then gets it', async () => {
    const { http, asked } = server([404, 404, 'ok']);
    const blob = await patientBlob(http, filePath('f1', 'thumbnail'), 6, 0);
    expect(blob.size).toBe(5);
    expect(asked).toEqual(['/api/files/f1/thumbnail', '/api/files/f1/thumbnail', '/api/files/f1/thumbnail']);
  });

  it('asks again when the read side is lagging (503 with Retry-After)', async () => {
    const asked: string[] = [];
    let calls = 0;
    const http = {
      blob: async (path: string) => {
        asked.push(path);
        if (++calls === 1) throw new ProblemError({ status: 503, type: 'urn:parley:problem:read-models-lagging' }, 1);
        return new Blob(['bytes']);
      },
    };
    expect((await patientBlob(http, '/api/files/f1', 3, 0)).size).toBe(5);
    expect(asked).toHaveLength(2);
  });

  it('gives up after the last attempt, and at once on other refusals', async () => {
    const missing = server([404, 404, 404]);
    await expect(patientBlob(missing.http, '/api/files/x', 3, 0)).rejects.toMatchObject({ status: 404 });
    expect(missing.asked).toHaveLength(3);
    const refused = server([403, 'ok']);
    await expect(patientBlob(refused.http, '/api/files/x', 3, 0)).rejects.toMatchObject({ status: 403 });
    expect(refused.asked).toHaveLength(1);
  });
});
