// Arithmetic a profile file may use to say how a server derives one keepalive setting from another, e.g.
// `max(1, floor(idle / 3))`: numbers, the names it is given, + − × ÷, parentheses, and floor, ceil, min, max.
// Parsed by recursive descent — no eval — so a profile file can never run code.

const FUNCTIONS: Record<string, (...values: number[]) => number> = {
  floor: (value) => Math.floor(value!),
  ceil: (value) => Math.ceil(value!),
  min: (...values) => Math.min(...values),
  max: (...values) => Math.max(...values),
};

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

/** Evaluates `text` with `names` bound; throws an ExpressionError naming what is wrong. */
export function evaluate(text: string, names: Readonly<Record<string, number>>): number {
  const tokens = text.match(/\d+(?:\.\d+)?|[A-Za-z_]\w*|[-+*/(),]|\S/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string) => {
    const token = tokens[position];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new ExpressionError(
        `in '${text}': expected ${expected ? `'${expected}'` : 'more'}${token === undefined ? ' at the end' : ` where it says '${token}'`}`,
      );
    }
    position += 1;
    return token;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  };
  const product = (): number => {
    let value = unary();
    while (peek() === '*' || peek() === '/') value = take() === '*' ? value * unary() : value / unary();
    return value;
  };
  const unary = (): number => {
    if (peek() !== '-') return atom();
    take();
    return -unary();
  };
  const atom = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      take(')');
      return value;
    }
    if (/^\d/.test(token)) return Number(token);
    if (token in FUNCTIONS) {
      take('(');
      const values = [sum()];
      while (peek() === ',') {
        take(',');
        values.push(sum());
      }
      take(')');
      return FUNCTIONS[token]!(...values);
    }
    if (/^[A-Za-z_]/.test(token) && token in names) return names[token]!;
    const known = [...Object.keys(names), ...Object.keys(FUNCTIONS).map((name) => `${name}()`)].join(', ');
    throw new ExpressionError(`in '${text}': unknown '${token}' (it may use numbers, + - * / ( ) and ${known})`);
  };
  const value = sum();
  if (position < tokens.length) throw new ExpressionError(`in '${text}': unexpected '${tokens[position]}'`);
  return value;
}
