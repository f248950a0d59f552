import { describe } from 'vitest';
import { spawnSkipReason } from './spawn-skip-reason.js';

/**
 * `describe` for scenarios on servers the suite spawns: skipped, saying why, when no Redis 8
 * binary can be spawned (with only Docker, say).
 */
export function describeSpawned(name: string, body: () => void): void {
  const reason = spawnSkipReason();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  console.warn(`[reliability] skipped "${name}": ${reason}`);
  describe.skip(`${name} [skipped: ${reason}]`, body);
}
