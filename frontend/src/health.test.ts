import { describe, expect, it } from 'vitest';
import { parseHealth } from './health';

describe('parseHealth', () => {
  it('reads UP and DOWN from an actuator document', () => {
    expect(parseHealth({ status: 'UP' })).toBe('UP');
    expect(parseHealth({ status: 'DOWN', components: {} })).toBe('DOWN');
  });

  it('treats anything else as unknown', () => {
    expect(parseHealth(null)).toBe('UNKNOWN');
    expect(parseHealth({ status: 42 })).toBe('UNKNOWN');
    expect(parseHealth('UP')).toBe('UNKNOWN');
  });
});
