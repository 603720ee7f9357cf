// A run's choices as a user writes them — flags — checked before anything starts, each refusal one line that says
// how to fix it; and written back as the command that reproduces a run. The CLI's commands and the benchmarks use them.
import { ConfigError, type KeepaliveConfig, parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import type { FaultOptions } from '../faults/fault.ts';
import { FAULTS } from '../faults/index.ts';
import type { CrowdChoice, ObserveMode } from '../run/run-options.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import type { IpVersion } from '../runtime/network.ts';
import { isFaultScenario, isMiddleboxScenario, isProxyScenario, type Scenario } from '../scenario.ts';
import type { CrowdFlags } from './crowd-flags.ts';
import { type MiddleboxFlags, middleboxFlagsText } from './middlebox-flags.ts';
import type { MiddleboxChoice } from '../middlebox/plan.ts';
import { type ServerChoice, type ServerFlags, serverFlagsText } from './server-flags.ts';
import { type ClientChoice, type ClientFlags, clientFlagsText } from './client-flags.ts';
import { heldSettings, newRunFiles, type RunFiles } from '../report/run-files.ts';
import { summarizeConfig } from '../run/result.ts';
import { appliedKeepalive } from '../servers/server-profile.ts';

export interface RunFlags extends ServerFlags, CrowdFlags, MiddleboxFlags, ClientFlags {
  idle?: string;
  interval?: string;
  count?: string;
  userTimeout?: string;
  setOn?: string;
  reportDir: string;
  json?: boolean;
  /** --no-capture turns it off. */
  capture: boolean;
  direction?: string;
  backend?: string;
  observe?: ObserveMode;
  ipVersion?: string;
  /** Seconds: the user's bound on the ending. */
  within?: string;
  strict?: boolean;
}

/** The files a run about to start will write in the report directory, named by what it runs (report/run-files.ts). */
export function plannedFiles(reportDir: string, scenario: Scenario, server: ServerChoice, config: KeepaliveConfig, client?: ClientChoice): RunFiles {
  const holder = client?.profile ?? server.profile;
  const shipped = client ? Object.keys(client.settings).length === 0 : server.serverDefaults;
  const held = shipped ? 'shipped' : summarizeConfig(appliedKeepalive(holder, config));
  const name = client ? `${client.profile.name}-${server.profile.name}` : server.profile.name;
  return newRunFiles(reportDir, { scenario: scenario.name, server: name, settings: heldSettings(held) });
}

/** Where the run's capture goes as a pcap file: beside its report, for a run that keeps one (a run behind the router judges two wires and keeps neither). */
export function captureFileFor(scenario: Scenario, flags: Pick<RunFlags, 'capture'>, files: RunFiles): string | undefined {
  return flags.capture && isFaultScenario(scenario) ? files.capture : undefined;
}

/** --within: a positive number of seconds, as ms. */
export function withinFromFlags(flags: RunFlags): number | undefined {
  if (flags.within === undefined) return undefined;
  const seconds = Number(flags.within);
  if (flags.within.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--within must be a positive number of seconds, e.g. 7 or 4.5, got '${flags.within}'`);
  return seconds * 1000;
}

/** --ip-version: 4 (the default) or 6. */
export function ipVersionFromFlags(flags: RunFlags): IpVersion {
  return flags.ipVersion === '6' ? 6 : 4;
}

/** Which sources judge the run; the wire alone needs the capture. */
export function observeFromFlags(flags: RunFlags): ObserveMode {
  const observe = flags.observe ?? 'wire+agent';
  if (observe === 'wire' && !flags.capture) throw new UsageError('--observe wire needs the capture: drop --no-capture');
  return observe;
}

const FAULT_FLAGS = ['direction', 'backend'] as const;

/** Fault parameters given as flags, checked against what the scenario's fault takes. */
export function faultOptionsFromFlags(scenario: Scenario, flags: RunFlags): FaultOptions {
  const fault = scenario.fault && FAULTS.get(scenario.fault.kind);
  const options: Record<string, string> = {};
  for (const name of FAULT_FLAGS) {
    const value = flags[name];
    if (value === undefined) continue;
    const allowed = fault?.parameters?.[name];
    if (!allowed)
      throw new UsageError(
        `--${name} does not apply to ${scenario.name}: ${
          scenario.fault
            ? `its ${scenario.fault.kind} fault takes ${
                Object.keys(fault?.parameters ?? {})
                  .map((key) => `--${key}`)
                  .join(', ') || 'no parameters'
              }`
            : 'the lab injects no fault there'
        }`,
      );
    if (!allowed.includes(value)) throw new UsageError(`--${name} must be one of: ${allowed.join(', ')} (got '${value}')`);
    options[name] = value;
  }
  return options;
}

export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.get(name);
  if (!scenario) {
    throw new UsageError(`unknown scenario '${name}': choose one of ${[...SCENARIOS.keys()].join(', ')} (see: keepalive-lab list)`);
  }
  return scenario;
}

/** The scenario's defaults with the flags given on top, validated against the kernel's ranges. */
export function configFromFlags(scenario: Scenario, flags: RunFlags): KeepaliveConfig {
  const number = (text: string | undefined) => (text === undefined ? undefined : text.trim() === '' ? Number.NaN : Number(text));
  const given = {
    idleS: number(flags.idle),
    intervalS: number(flags.interval),
    count: number(flags.count),
    userTimeoutMs: number(flags.userTimeout),
    setOn: flags.setOn,
  };
  const overrides = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  try {
    return parseKeepaliveConfig({ ...scenario.defaults, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** What a run was given beyond its scenario and keepalive settings, each left out where it is the default. */
export interface RunChoices {
  faultOptions?: FaultOptions;
  observe?: ObserveMode;
  server?: ServerChoice;
  client?: ClientChoice;
  ipVersion?: IpVersion;
  crowd?: CrowdChoice & { watchMs?: number };
  middlebox?: MiddleboxChoice;
  /** ms */
  within?: number;
  strict?: boolean;
}

/**
 * How the command is typed where it runs: `npm run scenario --` in this repository (the sources run as they are),
 * `npx keepalive-lab run` where the package is installed (its compiled code runs).
 */
export const RUN_COMMAND = import.meta.url.endsWith('.ts') ? 'npm run scenario --' : 'npx keepalive-lab run';

/** The command that runs it again, as typed where it ran (RUN_COMMAND), with the flags of every choice made. */
export function reproduceCommand(scenario: Scenario, config: KeepaliveConfig, choices: RunChoices = {}): string {
  const { faultOptions = {}, observe = 'wire+agent', server, client, ipVersion = 4, crowd, middlebox, within, strict } = choices;
  const faultFlags = Object.entries(faultOptions)
    .map(([name, value]) => ` --${name} ${value}`)
    .join('');
  const observeFlag = observe === 'wire+agent' ? '' : ` --observe ${observe}`;
  const ipFlag = ipVersion === 6 ? ' --ip-version 6' : '';
  const keepaliveOn = isMiddleboxScenario(scenario) ? scenario.middlebox.keepaliveOn : isProxyScenario(scenario) ? scenario.proxy.keepaliveOn : null;
  const keepaliveOff = keepaliveOn !== null && (middlebox?.keepaliveOn ?? keepaliveOn) === 'none';
  const settings = client ? clientKeepaliveFlags(config, client) : keepaliveOff ? '' : keepaliveFlags(config, server);
  return `${RUN_COMMAND} ${scenario.name}${settings}${faultFlags}${observeFlag}${clientFlagsText(client)}${serverFlagsText(server)}${ipFlag}${crowdFlagsText(crowd)}${middleboxFlagsText(middlebox)}${within === undefined ? '' : ` --within ${within / 1000}`}${strict ? ' --strict' : ''}`;
}

function crowdFlagsText(crowd: (CrowdChoice & { watchMs?: number }) | undefined): string {
  if (!crowd) return '';
  const flags = [
    ['connections', crowd.connections],
    ['dead', crowd.dead],
    ['connect-rate', crowd.connectRate],
    ['fault', crowd.fault?.kind],
    ['watch', crowd.watchMs && crowd.watchMs / 1000],
  ] as const;
  return flags
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` --${name} ${value}`)
    .join('');
}

/** An application's client's keepalive flags: those typed (none: as it ships). */
function clientKeepaliveFlags(config: KeepaliveConfig, client: ClientChoice): string {
  const flags = [
    ['idle', config.idleS, 'idleS'],
    ['interval', config.intervalS, 'intervalS'],
    ['count', config.count, 'count'],
    ['user-timeout', config.userTimeoutMs, 'userTimeoutMs'],
  ] as const;
  return flags
    .filter(([, , key]) => client.settings[key] !== undefined)
    .map(([name, value]) => ` --${name} ${value}`)
    .join('');
}

/** The keepalive flags of a run: all of them for the agent, those the server takes for another, none as it ships. */
function keepaliveFlags(config: KeepaliveConfig, server: ServerChoice | undefined): string {
  if (server?.serverDefaults) return '';
  const flags = [
    ['idle', config.idleS],
    ['interval', config.intervalS],
    ['count', config.count],
    ['user-timeout', config.userTimeoutMs],
  ] as const;
  const agent = !server || server.profile.agent;
  const shown = flags.filter(([name, value]) => (agent ? name !== 'user-timeout' || value > 0 : server.profile.keepalive.takes.includes(name)));
  return `${shown.map(([name, value]) => ` --${name} ${value}`).join('')}${agent ? ` --set-on ${config.setOn}` : ''}`;
}
