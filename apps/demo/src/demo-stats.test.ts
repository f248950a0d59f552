import { expect, test } from 'vitest';
import { DemoStats } from './demo-stats.js';

test('time saved is what each hit did not spend on the model, never below zero', () => {
  const stats = new DemoStats();
  stats.record('model', 900, 900);
  stats.record('exact', 5, 900);
  stats.record('semantic', 150, 700);
  stats.record('semantic', 800, 700);
  expect(stats.snapshot()).toEqual({
    answers: { model: 1, exact: 1, semantic: 2 },
    timeSavedMs: 895 + 550,
    meanModelMs: 900,
  });
});
