import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseMatrix } from './matrix-command.ts';

describe('--matrix axes', () => {
  it('makes every combination, the last axis varying fastest', () => {
    expect(parseMatrix(['idle=1', 'interval=1,3', 'count=3,10'])).toEqual([
      { idle: '1', interval: '1', count: '3' },
      { idle: '1', interval: '1', count: '10' },
      { idle: '1', interval: '3', count: '3' },
      { idle: '1', interval: '3', count: '10' },
    ]);
    expect(parseMatrix(['user-timeout=0,5000'])).toEqual([{ userTimeout: '0' }, { userTimeout: '5000' }]);
  });

  it.each([
    [['speed=1'], "--matrix takes name=v1,v2,… with a name from idle, interval, count, user-timeout (got 'speed=1')"],
    [['idle'], "--matrix takes name=v1,v2,… with a name from idle, interval, count, user-timeout (got 'idle')"],
    [['idle=1', 'idle=2'], '--matrix names idle twice: give all its values once, comma-separated'],
    [['count=3,,10'], "--matrix count has an empty value in 'count=3,,10'"],
    [['idle=1,2,3,4', 'interval=1,2,3,4', 'count=1,2,3,4,5'], '--matrix makes 80 runs, more than 64: split it up'],
  ])('refuses %o in one line', (specs, message) => {
    expect(() => parseMatrix(specs)).toThrow(new UsageError(message));
  });
});
