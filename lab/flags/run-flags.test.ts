import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { configFromFlags, findScenario, observeFromFlags, reproduceCommand } from './run-flags.ts';

const pauseClient = findScenario('pause-client');
const flags = (more: Record<string, string>) => ({ reportDir: 'reports', capture: true, ...more });

describe('run arguments', () => {
  it("defaults to the reference article's first experiment on the listening socket", () => {
    expect(configFromFlags(pauseClient, flags({}))).toEqual({ idleS: 1, intervalS: 3, count: 10, userTimeoutMs: 0, setOn: 'listener' });
  });

  it('lets flags override the defaults', () => {
    expect(configFromFlags(pauseClient, flags({ interval: '1', setOn: 'accepted' }))).toMatchObject({ intervalS: 1, setOn: 'accepted' });
  });

  it.each([
    [{ idle: '0' }, '--idle must be at least 1 s (the kernel refuses less)'],
    [{ count: '200' }, '--count must be at most 127 (the kernel refuses more)'],
    [{ interval: 'three' }, '--interval must be a number of seconds'],
    [{ idle: '' }, '--idle must be a number of seconds'],
  ])('refuses %o as a usage error', (given, message) => {
    expect(() => configFromFlags(pauseClient, flags(given))).toThrow(new UsageError(message));
  });

  it('names the scenarios there are when one is unknown', () => {
    expect(() => findScenario('pause-clinet')).toThrow(
      new UsageError(`unknown scenario 'pause-clinet': choose one of ${[...SCENARIOS.keys()].join(', ')} (see: keepalive-lab list)`),
    );
  });

  it('writes a reproduce command that parses back to the same settings', () => {
    const config = configFromFlags(pauseClient, flags({ idle: '2', interval: '1', count: '5', userTimeout: '3000' }));
    const command = reproduceCommand(pauseClient, config);
    expect(command).toBe('npm run scenario -- pause-client --idle 2 --interval 1 --count 5 --user-timeout 3000 --set-on listener');
    const words = command.split(' ');
    const value = (flag: string) => words[words.indexOf(flag) + 1]!;
    expect(
      configFromFlags(
        pauseClient,
        flags({
          idle: value('--idle'),
          interval: value('--interval'),
          count: value('--count'),
          userTimeout: value('--user-timeout'),
          setOn: value('--set-on'),
        }),
      ),
    ).toEqual(config);
  });

  it('observes with the wire and the agent unless told to use the wire alone, which needs the capture', () => {
    expect(observeFromFlags(flags({}))).toBe('wire+agent');
    expect(observeFromFlags({ ...flags({}), observe: 'wire' })).toBe('wire');
    expect(() => observeFromFlags({ ...flags({}), observe: 'wire', capture: false })).toThrow(
      new UsageError('--observe wire needs the capture: drop --no-capture'),
    );
    expect(reproduceCommand(pauseClient, configFromFlags(pauseClient, flags({})), { observe: 'wire' })).toMatch(/ --observe wire$/);
  });
});
