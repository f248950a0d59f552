import { describe, expect, test } from 'vitest';
import { RedisSaver } from './redis-saver.js';

// No command is sent: a saver made from a URL connects on its first call.
const saver = new RedisSaver({ url: 'redis://127.0.0.1:1' });

describe('RedisSaver.getNextVersion', () => {
  test('counts up from nothing, from a whole number and from its own versions', () => {
    const first = saver.getNextVersion(undefined);
    expect(Math.floor(first)).toBe(1);
    expect(Math.floor(saver.getNextVersion(7))).toBe(8);
    let version = first;
    for (let step = 0; step < 1000; step++) {
      const next = saver.getNextVersion(version);
      expect(next).toBeGreaterThan(version);
      expect(Math.floor(next)).toBe(Math.floor(version) + 1);
      version = next;
    }
  });

  test('two writers that continue from one version do not pick the same next one', () => {
    // 200 draws of 2^32 fractions collide with a chance of about 5 in a million.
    const picked = new Set(Array.from({ length: 200 }, () => saver.getNextVersion(41.5)));
    expect(picked.size).toBe(200);
    for (const version of picked) expect(Math.floor(version)).toBe(42);
  });
});
