// The robustness benchmark's plan: scenario, server and keepalive settings drawn at random from the space users
// set, each checked as `run` checks its flags. Every draw comes from one seeded generator (mulberry32), not
// Math.random, so the seed a bench prints replays exactly the same plan.
import { randomInt } from 'node:crypto';
import { configFromFlags, reproduceCommand, type RunFlags } from '../flags/run-flags.ts';
import { type ServerChoice, serverFromFlags } from '../flags/server-flags.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import { type FaultScenario, isFaultScenario, type Scenario } from '../scenario.ts';
import { BUILT_IN_SERVERS } from '../servers/index.ts';
import { appliedKeepalive, type Setting } from '../servers/server-profile.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { kindOf } from '../kinds.ts';
import { takenBy } from '../servers/settings-refusal.ts';

/** A uniform number in [0, 1), as Math.random gives, from a seeded state. */
export type Random = () => number;

/** mulberry32: 32 bits of state, fast, good enough to spread a bench's draws; the same seed gives the same numbers. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed for a bench that was given none (it is printed, so the run can be replayed). */
export const newSeed = (): number => randomInt(2 ** 32);

/** A whole number from min to max, both included. */
export const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * The space drawn from: what users set (idle 1–10 s, interval 1–5 s, count 1–8), and in about one draw in five,
 * where a user timeout is drawn at all, TCP_USER_TIMEOUT from 1 to 20 s in steps of 100 ms (mostly not a multiple
 * of the interval, where the kernel's ticks and the user timeout disagree).
 */
export const SPACE = {
  idleS: { min: 1, max: 10 },
  intervalS: { min: 1, max: 5 },
  count: { min: 1, max: 8 },
  userTimeoutMs: { min: 1_000, max: 20_000, stepMs: 100 },
  userTimeoutShare: 0.2,
} as const;

/** The keepalive flags of one run, as a user would type them: only those the server takes. */
export interface DrawnSettings {
  idle: number;
  interval?: number;
  count?: number;
  userTimeout?: number;
}

/**
 * One draw: every value is drawn whatever the server takes (so each draw uses as many numbers and the draws after
 * it do not shift), then only the settings the server takes are kept; a user timeout only where `userTimeout` allows.
 */
export function drawSettings(random: Random, takes: readonly Setting[], userTimeout: boolean): DrawnSettings {
  const idle = between(random, SPACE.idleS.min, SPACE.idleS.max);
  const interval = between(random, SPACE.intervalS.min, SPACE.intervalS.max);
  const count = between(random, SPACE.count.min, SPACE.count.max);
  const withUserTimeout = random() < SPACE.userTimeoutShare;
  const { min, max, stepMs } = SPACE.userTimeoutMs;
  const userTimeoutMs = min + between(random, 0, (max - min) / stepMs) * stepMs;
  return {
    idle,
    ...(takes.includes('interval') ? { interval } : {}),
    ...(takes.includes('count') ? { count } : {}),
    ...(userTimeout && withUserTimeout && takes.includes('user-timeout') ? { userTimeout: userTimeoutMs } : {}),
  };
}

/** "3/1/4", "3/1/4 + user timeout 5100 ms", or "idle 3" for a server that takes idle alone. */
export function settingsText(drawn: DrawnSettings): string {
  const base =
    drawn.interval === undefined && drawn.count === undefined ? `idle ${drawn.idle}` : `${drawn.idle}/${drawn.interval ?? '–'}/${drawn.count ?? '–'}`;
  return drawn.userTimeout === undefined ? base : `${base} + user timeout ${drawn.userTimeout} ms`;
}

/** The default size: what fits 20 minutes of wall time. */
export const DEFAULT_MINUTES = 20;
export const DEFAULT_LEVELS = [1, 2, 4] as const;
/** A run's cost beyond the kernel's waits: containers up and down, the capture, the verdict (about 6 s on 2 cores). */
export const RUN_OVERHEAD_MS = 6_000;
/** Draws the CLI refuses before the plan gives up (a scenario set no server can run). */
const MAX_REFUSALS = 1_000;

/** How many runs: a number, or a time budget the runs are drawn to fill. */
export type BenchSize = { runs: number } | { minutes: number };

export interface RobustnessOptions {
  seed: number;
  /** Runs at once, a batch each, in this order. */
  levels: number[];
  size: BenchSize;
}

export interface PlannedRun {
  /** Its place in the draw order, from 1. */
  index: number;
  concurrency: number;
  scenario: FaultScenario;
  server: ServerChoice;
  drawn: DrawnSettings;
  /** The scenario's defaults with the drawn flags on top, as `run` validates them. */
  config: KeepaliveConfig;
  command: string;
  estimateMs: number;
}

/** A draw the CLI refuses with a UsageError: not run. */
export interface Refusal {
  scenario: string;
  server: string;
  settings: string;
  reason: string;
}

export interface RobustnessPlan extends RobustnessOptions {
  runs: PlannedRun[];
  refused: Refusal[];
  /** The batches' wall time as estimated: each run's estimate over its batch's concurrency. */
  estimateMs: number;
}

/** The scenarios the bench runs: one connection, one fault. A crowd and a middlebox have their own benchmark and tests. */
export function benchScenarios(): FaultScenario[] {
  return [...SCENARIOS.values()].filter((scenario): scenario is FaultScenario => isFaultScenario(scenario) && !scenario.crowd);
}

/** What the bench leaves out, and why, for the report's header. */
export function outOfScope(): string[] {
  const names = (left: (scenario: Scenario) => unknown) =>
    [...SCENARIOS.values()]
      .filter(left)
      .map((scenario) => scenario.name)
      .join(', ');
  return [
    `crowd scenarios (${names((scenario) => scenario.crowd)}): the scale benchmark (\`npm run bench -- scale\`) measures a crowd`,
    `middlebox scenarios (${names((scenario) => scenario.middlebox)}): a router forgets the flow, no fault strikes a peer; their own tests (scenarios/middlebox.test.ts) cover them`,
    `proxy scenarios (${names((scenario) => scenario.proxy)}): a proxy closes the idle connection, no fault strikes a peer; their own tests (scenarios/proxy.test.ts) cover them`,
  ];
}

/** The plan for a seed: scenario, server and settings drawn, each checked as `run` checks its flags, until the size is reached. */
export async function planRobustness(options: RobustnessOptions, scenarios = benchScenarios()): Promise<RobustnessPlan> {
  const random = mulberry32(options.seed);
  const servers = await serversFor(scenarios);
  const runs: PlannedRun[] = [];
  const refused: Refusal[] = [];
  let estimateMs = 0;
  while (!('runs' in options.size) || runs.length < options.size.runs) {
    const concurrency = options.levels[runs.length % options.levels.length]!;
    const drawn = await drawRun(random, scenarios, servers);
    if ('reason' in drawn) {
      refused.push(drawn);
      if (refused.length > MAX_REFUSALS) throw new Error(`the CLI refused ${MAX_REFUSALS} draws: ${drawn.reason}`);
      continue;
    }
    const costMs = drawn.estimateMs / concurrency;
    if ('minutes' in options.size && estimateMs + costMs > options.size.minutes * 60_000) break;
    estimateMs += costMs;
    runs.push({ ...drawn, index: runs.length + 1, concurrency });
  }
  return { ...options, runs, refused, estimateMs: Math.round(estimateMs) };
}

/** For each scenario, the built-in servers `run --server` accepts for it (agent-only scenarios: the agent). */
async function serversFor(scenarios: FaultScenario[]): Promise<Map<string, ServerChoice[]>> {
  const servers = new Map<string, ServerChoice[]>();
  for (const scenario of scenarios) {
    const accepted = await Promise.all(BUILT_IN_SERVERS.map((server) => serverFromFlags({ server, capture: true }, [scenario]).catch(refusedOnly)));
    servers.set(
      scenario.name,
      accepted.filter((choice): choice is ServerChoice => choice !== null),
    );
  }
  return servers;
}

const refusedOnly = (error: unknown): null => {
  if (error instanceof UsageError) return null;
  throw error;
};

async function drawRun(random: Random, scenarios: FaultScenario[], servers: Map<string, ServerChoice[]>) {
  const scenario = pick(random, scenarios);
  const { profile, given } = pick(random, servers.get(scenario.name)!);
  // A user timeout is drawn for the agent, and for another server only where the scenario itself sets one.
  const drawn = drawSettings(random, profile.keepalive.takes, profile.agent || scenario.defaults.userTimeoutMs > 0);
  return checkedRun(scenario, given, drawn);
}

/** The drawn flags through the CLI's own checks (`configFromFlags`, `serverFromFlags`): what `run` refuses is not run. */
export async function checkedRun(scenario: FaultScenario, server: string, drawn: DrawnSettings): Promise<Omit<PlannedRun, 'index' | 'concurrency'> | Refusal> {
  const typed = (value: number | undefined) => (value === undefined ? undefined : String(value));
  const flags: RunFlags = {
    reportDir: 'reports',
    capture: true,
    ...(server === 'agent' ? {} : { server }),
    idle: typed(drawn.idle),
    interval: typed(drawn.interval),
    count: typed(drawn.count),
    userTimeout: typed(drawn.userTimeout),
  };
  try {
    const config = configFromFlags(scenario, flags);
    const choice = await serverFromFlags(flags, [scenario]);
    const refused = kindOf(scenario).refuses(scenario, { config: takenBy(choice.profile, config), server: choice.profile }); // what the library refuses, before anything starts
    if (refused) throw new UsageError(refused);
    const estimateMs = estimateRunMs(scenario, config, appliedKeepalive(choice.profile, config));
    return { scenario, server: choice, drawn, config, command: reproduceCommand(scenario, config, { server: choice }), estimateMs };
  } catch (error) {
    if (error instanceof UsageError) return { scenario: scenario.name, server, settings: settingsText(drawn), reason: error.message };
    throw error;
  }
}

/**
 * A run's wall time, roughly: the wait for keepalive to probe before the fault — idle, and where the run predicts a
 * keepalive ending, a probe period more on average for the probes that fix the timer's phase (two to three were
 * answered in trials) — then the watch: the ending's keepalive window, or the windows a connection expected to live
 * must outlive; and the overhead.
 */
export function estimateRunMs(scenario: FaultScenario, requested: KeepaliveConfig, applied: KeepaliveConfig): number {
  const { expect } = scenario;
  const busy = (scenario.observer?.writeEveryMs ?? 0) > 0;
  const probesFirst = !busy && (expect.outcome === 'error' || expect.probes === 'answered');
  const fixesPhase = !busy && expect.outcome === 'error' && expect.by === 'keepalive';
  const waitMs = (probesFirst ? applied.idleS * 1000 : 0) + (fixesPhase ? Math.max(applied.idleS, applied.intervalS) * 1000 : 0);
  const watchMs = expect.outcome === 'alive' ? (expect.forMs ?? expect.windows * keepaliveWindowMs(requested)) : keepaliveWindowMs(applied);
  return waitMs + watchMs + RUN_OVERHEAD_MS;
}

/** The latest nominal keepalive ending from the fault: max(idle, interval) + count × interval, or the user timeout's tick. */
export function keepaliveWindowMs(config: KeepaliveConfig): number {
  const periodMs = Math.max(config.idleS, config.intervalS) * 1000;
  const intervalMs = config.intervalS * 1000;
  return config.userTimeoutMs > 0 ? Math.max(config.userTimeoutMs, periodMs) + intervalMs : periodMs + config.count * intervalMs;
}
