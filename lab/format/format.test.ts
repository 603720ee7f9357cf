import { describe, expect, it } from 'vitest';
import { alignedTable, duration, plural, seconds, secondsRange, signedMs, signedSeconds } from './format.ts';

describe('formatting for people', () => {
  it('writes times as seconds with milliseconds, with a true minus sign', () => {
    expect(plural(1, 'probe')).toBe('1 probe');
    expect(plural(3, 'probe')).toBe('3 probes');
    expect(seconds(4091)).toBe('4.091 s');
    expect(seconds(-12.4)).toBe('−0.012 s');
    expect(signedSeconds(250)).toBe('+0.250 s');
    expect(secondsRange(-97, 1000)).toBe('−0.097 … 1.000 s');
    expect(secondsRange(2996, 4205, '–')).toBe('2.996–4.205 s');
    expect(signedMs(-3.26)).toBe('−3.3');
    expect(signedMs(0)).toBe('+0.0');
  });

  it('pads every cell so the raw Markdown lines up, numbers to the right', () => {
    expect(
      alignedTable(
        ['scenario', 'measured'],
        [
          ['pause-client', '33.611 s'],
          ['kill-client', '0.071 s'],
        ],
        ['left', 'right'],
      ),
    ).toEqual(['| scenario     | measured |', '|--------------|---------:|', '| pause-client | 33.611 s |', '| kill-client  |  0.071 s |', '']);
  });

  it('escapes pipes and newlines inside cells, which would break the table', () => {
    expect(alignedTable(['a'], [['x | y\nz']])[2]).toBe('| x \\| y z |');
  });

  it('says a long time as people do', () => {
    expect([7_875_000, 600_000, 29_000, 1500, 608].map(duration)).toEqual(['2 h 11 min 15 s', '10 min', '29 s', '1.5 s', '0.608 s']);
  });
});
