import { RedisOperationError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './with-deadline.js';

describe('withDeadline', () => {
  it('resolves with the result of a task that finishes in time', async () => {
    await expect(withDeadline(async () => 'reply', 1000, 'op')).resolves.toBe('reply');
  });

  it('rejects with a timeout RedisOperationError when the task never settles, and aborts it', async () => {
    let seen: AbortSignal | undefined;
    const started = performance.now();
    const error = await withDeadline(
      (signal) => {
        seen = signal;
        return new Promise<never>(() => {});
      },
      50,
      'RedisCache.lookup',
    ).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(500);
    expect(RedisOperationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', operation: 'RedisCache.lookup' });
    expect(seen?.aborted).toBe(true);
  });

  it('types a failure of the task, thrown or rejected', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(withDeadline(() => Promise.reject(refused), 1000, 'op')).rejects.toMatchObject({
      reason: 'unavailable',
      cause: refused,
    });
    await expect(
      withDeadline(
        () => {
          throw refused;
        },
        1000,
        'op',
      ),
    ).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('drops a failure that comes after the deadline instead of leaving it unhandled', async () => {
    let fail: (error: Error) => void = () => {};
    const late = withDeadline(
      () =>
        new Promise<never>((_, reject) => {
          fail = reject;
        }),
      20,
      'op',
    );
    await expect(late).rejects.toMatchObject({ reason: 'timeout' });
    fail(new Error('too late'));
    // vitest fails the run on an unhandled rejection; give it a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
