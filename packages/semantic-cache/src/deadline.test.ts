import { RedisOperationError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './deadline.js';

describe('withDeadline', () => {
  it('settles with the task when it finishes in time', async () => {
    await expect(withDeadline(async () => 'value', 50, 'op')).resolves.toBe('value');
    const failure = new Error('boom');
    await expect(withDeadline(() => Promise.reject(failure), 50, 'op')).rejects.toBe(failure);
    await expect(
      withDeadline(
        () => {
          throw failure;
        },
        50,
        'op',
      ),
    ).rejects.toBe(failure);
  });

  it('rejects with a timeout RedisOperationError when the task takes too long', async () => {
    const started = performance.now();
    const error = await withDeadline(() => new Promise(() => {}), 30, 'lookup').catch(
      (caught: unknown) => caught,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(RedisOperationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', operation: 'lookup' });
  });
});
