import { describe, expect, it } from 'vitest';
import { summarize } from './stats.ts';

describe('summarize', () => {
  it('gives min, median, nearest-rank p95 and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ min: 1, median: 3, p95: 5, max: 5 });
    expect(summarize([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, p95: 4, max: 4 });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(hundred)?.p95).toBe(95);
  });

  it('has nothing to say about no values', () => {
    expect(summarize([])).toBeNull();
  });
});
