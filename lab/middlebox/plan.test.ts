import { describe, expect, it } from 'vitest';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import natForgetsIdle from '../catalogue/nat-forgets-idle.ts';
import natKeepaliveHolds from '../catalogue/nat-keepalive-holds.ts';
import { type MiddleboxChoice, planMiddlebox } from './plan.ts';

const config = (idleS = 2) => parseKeepaliveConfig({ ...natKeepaliveHolds.defaults, idleS });

describe('planMiddlebox', () => {
  it("takes the scenario's router, and a request after 3 × its NAT timeout", () => {
    expect(planMiddlebox(natKeepaliveHolds, config())).toEqual({
      natTimeoutS: 5,
      mode: 'drop',
      keepaliveOn: 'server',
      requestAfterS: 15,
      marginS: 3,
      expected: 'answered',
    });
  });

  it('expects what the router does with a forgotten flow when keepalive is off', () => {
    expect(planMiddlebox(natForgetsIdle, config(), { mode: 'drop' })).toMatchObject({ marginS: null, expected: 'ETIMEDOUT' });
    expect(planMiddlebox(natForgetsIdle, config(), { mode: 'reset' }).expected).toBe('ECONNRESET');
    expect(planMiddlebox(natForgetsIdle, config(), { mode: 'loose' }).expected).toBe('answered');
  });

  it('expects what the probing side meets when keepalive is not faster than the NAT timeout', () => {
    const slow = (keepaliveOn: 'server' | 'client', mode: 'drop' | 'reset' | 'loose') => planMiddlebox(natKeepaliveHolds, config(5), { keepaliveOn, mode });
    expect(slow('server', 'drop')).toMatchObject({ marginS: 0, expected: 'ETIMEDOUT' });
    expect(slow('server', 'loose').expected).toBe('ECONNRESET'); // the router's own stack resets the server's probe
    expect(slow('client', 'loose').expected).toBe('answered'); // the client's probe re-creates the mapping
    expect(slow('client', 'reset').expected).toBe('ECONNRESET');
  });

  it.each<[MiddleboxChoice, string]>([
    [{ natTimeoutS: 0 }, "--nat-timeout must be a whole number of seconds, at least 1, got '0'"],
    [{ natTimeoutS: 2.5 }, "--nat-timeout must be a whole number of seconds, at least 1, got '2.5'"],
    [{ mode: 'bounce' as 'drop' }, "--nat-mode must be one of drop, reset, loose, got 'bounce'"],
    [{ keepaliveOn: 'router' as 'server' }, "--keepalive-on must be one of server, client, both, none, got 'router'"],
    [{ requestAfterS: 0 }, "--request-after must be a number of seconds above 0, got '0'"],
  ])('refuses %o', (choice, message) => {
    expect(() => planMiddlebox(natKeepaliveHolds, config(), choice)).toThrow(new UsageError(message));
  });

  it('keeps keepalive off to nat-forgets-idle and on to nat-keepalive-holds, whose expectations assume it', () => {
    expect(() => planMiddlebox(natForgetsIdle, config(), { keepaliveOn: 'client' })).toThrow(
      new UsageError('nat-forgets-idle runs with keepalive off: for keepalive on the client side, run nat-keepalive-holds --keepalive-on client'),
    );
    expect(() => planMiddlebox(natKeepaliveHolds, config(), { keepaliveOn: 'none' })).toThrow(
      new UsageError('nat-keepalive-holds runs with keepalive on: for keepalive off, run nat-forgets-idle'),
    );
  });

  it('refuses keepalive on both sides that is too slow: which side probes first is a race', () => {
    expect(() => planMiddlebox(natKeepaliveHolds, config(8), { keepaliveOn: 'both' })).toThrow(/a race the lab does not judge/);
    expect(planMiddlebox(natKeepaliveHolds, config(2), { keepaliveOn: 'both' }).expected).toBe('answered');
  });
});
