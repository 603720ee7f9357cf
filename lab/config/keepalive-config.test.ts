import { describe, expect, it } from 'vitest';
import { ConfigError, effectiveKeepalive, type KeepaliveConfig, parseKeepaliveConfig } from './keepalive-config.ts';

const valid = { idleS: 1, intervalS: 3, count: 10, userTimeoutMs: 0, setOn: 'listener' };

describe('the options the kernel really applies', () => {
  it('is what was asked when the lab sets every option itself', () => {
    expect(effectiveKeepalive({ ...valid, setOn: 'accepted' } as KeepaliveConfig)).toEqual({ ...valid, setOn: 'accepted' });
  });

  it("is libuv's interval 1 s and count 10 when Node alone sets keepalive", () => {
    expect(effectiveKeepalive({ ...valid, setOn: 'node-default' } as KeepaliveConfig)).toMatchObject({ idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0 });
  });

  it("is the namespace's 7200 / 75 / 9 when Node gets no delay", () => {
    expect(effectiveKeepalive({ ...valid, setOn: 'node-no-delay' } as KeepaliveConfig)).toMatchObject({ idleS: 7200, intervalS: 75, count: 9 });
  });
});

describe('keepalive config', () => {
  it('accepts the kernel range edges', () => {
    expect(parseKeepaliveConfig({ ...valid, idleS: 32767, intervalS: 1, count: 127 }).count).toBe(127);
  });

  it.each([
    [{ idleS: 0 }, '--idle must be at least 1 s (the kernel refuses less)'],
    [{ intervalS: 32768 }, '--interval must be at most 32767 s (the kernel refuses more)'],
    [{ count: 200 }, '--count must be at most 127 (the kernel refuses more)'],
    [{ count: 0 }, '--count must be at least 1'],
    [{ idleS: 1.5 }, '--idle must be a whole number of seconds (the kernel counts whole seconds)'],
    [{ idleS: Number.NaN }, '--idle must be a number of seconds'],
    [{ userTimeoutMs: -1 }, '--user-timeout must be 0 (unset) or more'],
    [{ setOn: 'socket' }, '--set-on must be one of: listener, accepted, node-default, node-no-delay'],
  ])('refuses %o with one line saying what is wrong', (change, message) => {
    expect(() => parseKeepaliveConfig({ ...valid, ...change })).toThrow(new ConfigError(message));
  });
});
