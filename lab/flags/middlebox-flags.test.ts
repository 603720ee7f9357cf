import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { middleboxFlagsText, middleboxFromFlags } from './middlebox-flags.ts';
import { configFromFlags, findScenario, reproduceCommand } from './run-flags.ts';

const holds = findScenario('nat-keepalive-holds');
const forgets = findScenario('nat-forgets-idle');
const flags = (more: Record<string, string | boolean> = {}) => ({ reportDir: 'reports', capture: true, ...more });
const choice = (scenario = holds, more: Record<string, string | boolean> = {}) =>
  middleboxFromFlags(scenario, flags(more), configFromFlags(scenario, flags(more)));

describe('middlebox flags', () => {
  it("leaves the scenario's router as it is when none is given, and takes what is given", () => {
    expect(choice()).toEqual({});
    expect(choice(forgets, { natTimeout: '7', natMode: 'reset', requestAfter: '20' })).toEqual({ natTimeoutS: 7, mode: 'reset', requestAfterS: 20 });
  });

  it('has no router for a scenario struck by a fault', () => {
    expect(choice(findScenario('pause-client'))).toBeUndefined();
    expect(() => choice(findScenario('pause-client'), { natMode: 'drop', keepaliveOn: 'both' })).toThrow(
      new UsageError(
        '--nat-mode, --keepalive-on apply to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle, proxy-closes-idle): pause-client has no router or proxy',
      ),
    );
  });

  it.each([
    [{ natTimeout: '' }, "--nat-timeout must be a whole number of seconds, at least 1, got ''"],
    [{ natTimeout: '0' }, "--nat-timeout must be a whole number of seconds, at least 1, got '0'"],
    [{ natTimeout: '5s' }, "--nat-timeout must be a whole number of seconds, at least 1, got '5s'"],
    [{ requestAfter: '-1' }, "--request-after must be a number of seconds above 0, got '-1'"],
    [{ keepaliveOn: 'router' }, "--keepalive-on must be one of server, client, both, none, got 'router'"],
    [{ ipVersion: '6' }, 'nat-keepalive-holds runs over IPv4: the router masquerades with iptables for IPv4 only, drop --ip-version 6'],
    [{ capture: false }, "nat-keepalive-holds judges the request from both sides' wires: drop --no-capture"],
    [
      { serverDefaults: true },
      'nat-keepalive-holds sets keepalive on the side --keepalive-on names and watches until the request ends: drop --server-defaults and --watch',
    ],
  ])('refuses %o', (given, message) => {
    expect(() => choice(holds, given)).toThrow(new UsageError(message));
  });

  it('writes the flags that reproduce a run, without keepalive settings where keepalive is off', () => {
    expect(middleboxFlagsText({ natTimeoutS: 5, mode: 'loose' })).toBe(' --nat-timeout 5 --nat-mode loose');
    const config = configFromFlags(forgets, flags());
    expect(reproduceCommand(forgets, config, { middlebox: { mode: 'reset' } })).toBe('npm run scenario -- nat-forgets-idle --nat-mode reset');
    expect(reproduceCommand(holds, configFromFlags(holds, flags()), { middlebox: { natTimeoutS: 9 } })).toBe(
      'npm run scenario -- nat-keepalive-holds --idle 2 --interval 1 --count 3 --set-on listener --nat-timeout 9',
    );
  });
});
