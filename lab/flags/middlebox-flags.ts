// --nat-timeout, --nat-mode, --keepalive-on and --request-after for a scenario behind a router (nat-keepalive-holds,
// nat-forgets-idle), --proxy-timeout, --keepalive-on and --request-after behind a proxy (proxy-closes-idle): checked
// before anything starts, as the run checks them (planMiddlebox, planProxy), with the flags a run behind the router
// cannot take refused here and those a run behind the proxy cannot take refused by its kind.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import { refusedOption } from '../middlebox/middlebox-kind.ts';
import { type MiddleboxChoice, planMiddlebox } from '../middlebox/plan.ts';
import { planProxy } from '../proxy/plan.ts';
import { isMiddleboxScenario, isProxyScenario, type KeepaliveSide, type NatMode, type ProxyScenario, type Scenario } from '../scenario.ts';

export interface MiddleboxFlags {
  natTimeout?: string;
  natMode?: string;
  keepaliveOn?: string;
  requestAfter?: string;
  proxyTimeout?: string;
  /** The keepalive flags, which a run with keepalive off would ignore. */
  idle?: string;
  interval?: string;
  count?: string;
  /** Flags a run behind the router refuses. */
  server?: string;
  serverDefaults?: boolean;
  watch?: string;
  ipVersion?: string;
  observe?: string;
  capture: boolean;
}

const FLAGS = {
  natTimeout: '--nat-timeout',
  natMode: '--nat-mode',
  keepaliveOn: '--keepalive-on',
  requestAfter: '--request-after',
  proxyTimeout: '--proxy-timeout',
} as const;

/** The router and request the flags ask for, or undefined for a scenario without a middlebox (which refuses them). */
export function middleboxFromFlags(scenario: Scenario, flags: MiddleboxFlags, config: KeepaliveConfig): MiddleboxChoice | undefined {
  const given = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).filter((name) => flags[name] !== undefined).map((name) => FLAGS[name]);
  if (isProxyScenario(scenario)) return proxyFromFlags(scenario, flags, config);
  if (!isMiddleboxScenario(scenario)) {
    if (given.length > 0)
      throw new UsageError(
        `${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle, proxy-closes-idle): ${scenario.name} has no router or proxy`,
      );
    return undefined;
  }
  const refused = refusedOption({
    otherServer: flags.server !== undefined && flags.server !== 'agent',
    serverDefaults: flags.serverDefaults ?? false,
    watch: flags.watch !== undefined,
    ipVersion6: flags.ipVersion === '6',
    noCapture: !flags.capture,
    wireOnly: flags.observe === 'wire',
    faultParameters: false,
    others: [],
  });
  if (refused) throw new UsageError(`${scenario.name} ${refused}`);
  const choice: MiddleboxChoice = {
    ...(flags.natTimeout !== undefined ? { natTimeoutS: wholeSeconds(flags.natTimeout) } : {}),
    ...(flags.natMode !== undefined ? { mode: flags.natMode as NatMode } : {}),
    ...(flags.keepaliveOn !== undefined ? { keepaliveOn: flags.keepaliveOn as KeepaliveSide } : {}),
    ...(flags.requestAfter !== undefined ? { requestAfterS: positiveSeconds(flags.requestAfter) } : {}),
    ...(flags.proxyTimeout !== undefined ? { proxyTimeoutS: Number(flags.proxyTimeout) } : {}),
  };
  planMiddlebox(scenario, config, choice); // the same checks the run makes, before anything starts
  return choice;
}

/** The proxy and the request the flags ask for (the kind refuses what a run behind it cannot take). */
function proxyFromFlags(scenario: ProxyScenario, flags: MiddleboxFlags, config: KeepaliveConfig): MiddleboxChoice {
  const keepaliveFlags = (['idle', 'interval', 'count'] as const).filter((name) => flags[name] !== undefined).map((name) => `--${name}`);
  if ((flags.keepaliveOn ?? scenario.proxy.keepaliveOn) === 'none' && keepaliveFlags.length > 0)
    throw new UsageError(`${scenario.name} runs with keepalive off, so ${keepaliveFlags.join(', ')} would be ignored: give --keepalive-on client with them`);
  const choice: MiddleboxChoice = {
    ...(flags.natTimeout !== undefined ? { natTimeoutS: Number(flags.natTimeout) } : {}),
    ...(flags.natMode !== undefined ? { mode: flags.natMode as NatMode } : {}),
    ...(flags.proxyTimeout !== undefined ? { proxyTimeoutS: wholeSeconds(flags.proxyTimeout, '--proxy-timeout') } : {}),
    ...(flags.keepaliveOn !== undefined ? { keepaliveOn: flags.keepaliveOn as KeepaliveSide } : {}),
    ...(flags.requestAfter !== undefined ? { requestAfterS: positiveSeconds(flags.requestAfter) } : {}),
  };
  planProxy(scenario, config, choice); // the same checks the run makes, before anything starts
  return choice;
}

/** "--nat-timeout 5 --nat-mode reset": the flags that reproduce a choice. */
export function middleboxFlagsText(choice: MiddleboxChoice | undefined): string {
  if (!choice) return '';
  const flags = [
    ['nat-timeout', choice.natTimeoutS],
    ['nat-mode', choice.mode],
    ['keepalive-on', choice.keepaliveOn],
    ['request-after', choice.requestAfterS],
    ['proxy-timeout', choice.proxyTimeoutS],
  ] as const;
  return flags
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` --${name} ${value}`)
    .join('');
}

/** A timeout as typed: "5" → 5. */
function wholeSeconds(text: string, flag = '--nat-timeout'): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < 1) throw new UsageError(`${flag} must be a whole number of seconds, at least 1, got '${text}'`);
  return value;
}

/** A silence as typed: "12.5" → 12.5. */
function positiveSeconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--request-after must be a number of seconds above 0, got '${text}'`);
  return value;
}
