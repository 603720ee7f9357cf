import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError } from './expression.ts';

describe('profile expressions', () => {
  it("computes Redis's interval from its one setting", () => {
    expect([1, 2, 3, 300].map((idle) => evaluate('max(1, floor(idle / 3))', { idle }))).toEqual([1, 1, 1, 100]);
  });

  it('keeps precedence and parentheses', () => {
    expect(evaluate('2 + 3 * 4', {})).toBe(14);
    expect(evaluate('(2 + 3) * 4 - -1', {})).toBe(21);
    expect(evaluate('min(idle, 10, count)', { idle: 30, count: 9 })).toBe(9);
  });

  it.each([
    ['idle / 3 +', "in 'idle / 3 +': expected more at the end"],
    ['floor(idle', "in 'floor(idle': expected ')' at the end"],
    ['process.exit(1)', "in 'process.exit(1)': unknown 'process' (it may use numbers, + - * / ( ) and idle, floor(), ceil(), min(), max())"],
    ['idle 3', "in 'idle 3': unexpected '3'"],
  ])('refuses %s, saying why', (text, message) => {
    expect(() => evaluate(text, { idle: 1 })).toThrow(new ExpressionError(message));
  });
});
