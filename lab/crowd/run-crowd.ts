// One crowd run (many-clients): the server and its observer sidecar → the capture and the resource sampler → the
// client containers open every connection at their pace → all established, and keepalive proven on all → the
// fault strikes the dead groups' containers → the watch until the server's kernel has let every dead connection
// go (or the watch ends) → the capture read back and every connection judged from it → down.
import { writeFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { type Instant, now, toMicroseconds } from '../clock.ts';
import { type KeepaliveConfig, parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { ENDING_RULES } from '../endings/index.ts';
import { EnvironmentError } from '../errors.ts';
import type { Fault, InjectedFault } from '../faults/fault.ts';
import { faultNamed } from '../faults/index.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { AgentEventLog } from '../observe/agent-events.ts';
import { connectionKey, endpoint } from '../observe/endpoint.ts';
import { BulkCapture } from '../observe/bulk-capture.ts';
import { KEEPALIVE_PROBES_SENT, readCounters } from '../observe/kernel-counters.ts';
import { RESOURCE_SAMPLE_MS, ResourceSampler } from '../observe/resource-sampler.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import { rolesFor } from '../roles.ts';
import { type LabRun, withLabRun } from '../run/lab-run.ts';
import type { PhaseTimes } from '../run/phases.ts';
import { watchLength } from '../run/watch.ts';
import type { IpVersion } from '../runtime/network.ts';
import { endingOf, type Expectation, type FaultScenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { appliedKeepalive, type ServerProfile } from '../servers/server-profile.ts';
import { analyseCrowd } from './analyse.ts';
import type { ConnectionVerdict } from './judge.ts';
import { type CrowdPlan, planCrowd } from './plan.ts';
import { crowdResult } from './crowd-result.ts';
import type { CrowdResult } from './result.ts';
import { type CrowdClient, type CrowdTopology, type CrowdTopologyPlan, startCrowdClients, startCrowdServer } from './topology.ts';

export interface CrowdOptions {
  connections: number;
  dead: number;
  connectRate?: number;
  config?: Partial<KeepaliveConfig>;
  /** The fault to strike the dead connections with (default the scenario's), and what it makes of them. */
  fault?: { kind: string; expect: Expectation };
  server?: ServerProfile;
  /** For a crowd expected to live: how long to watch after the fault (default the scenario's). */
  watchMs?: number;
  progress?: (line: string) => void;
  command?: string;
  ipVersion?: IpVersion;
  /** Where to keep the capture as a pcap file, if anywhere. */
  captureFile?: string;
  /** Where to write one JSON line per connection, if anywhere. */
  connectionsFile?: string;
  /** A dead connection whose ending disagrees with its prediction beyond its noise fails (the lab's own tests). */
  strict?: boolean;
}

export interface CrowdRun {
  result: CrowdResult;
  /** One verdict per connection, for the JSONL file beside the report. */
  connections: ConnectionVerdict[];
}

/** How long the resources are still sampled once every dead connection is gone. */
const AFTERMATH_MS = 1_000;
/** How long establishing may take beyond what the connect rate implies. */
const SETUP_SLACK_MS = 15_000;

export async function runCrowd(scenario: FaultScenario, options: CrowdOptions): Promise<CrowdRun & { phases: PhaseTimes }> {
  const plan = planCrowd(options.connections, options.dead, options.connectRate);
  const profile = options.server ?? agentProfile;
  const asked = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const config = appliedKeepalive(profile, asked) ?? asked; // what the kernel applies (Redis derives interval and count)
  const fault = faultNamed(options.fault?.kind ?? scenario.fault.kind);
  const progress = options.progress ?? (() => {});
  return withLabRun({ scenario: scenario.name, progress, profile, captureFile: options.captureFile }, (lab) => {
    const topologyPlan: CrowdTopologyPlan = {
      run: lab.run,
      images: lab.images,
      profile,
      serverImage: lab.serverImage,
      keepalive: scenario.crowd?.keepalive === false ? null : asked,
      crowd: plan,
      agentLog: new AgentEventLog(),
      ipVersion: options.ipVersion ?? 4,
    };
    return execute(lab, scenario, { ...options, config, fault, expect: options.fault?.expect ?? scenario.expect, plan, topologyPlan, progress });
  });
}

interface Execution {
  config: KeepaliveConfig;
  fault: Fault;
  expect: Expectation;
  plan: CrowdPlan;
  topologyPlan: CrowdTopologyPlan;
  progress: (line: string) => void;
  watchMs?: number;
  command?: string;
  connectionsFile?: string;
  strict?: boolean;
}

/** What a crowd has set up by the time the fault comes. */
interface Established {
  topology: CrowdTopology;
  capture: BulkCapture;
  resources: ResourceSampler;
  fingerprint: Fingerprint;
  hz: KernelHz;
  setupMs: number;
  startedAt: Instant;
}

async function execute(lab: LabRun, scenario: FaultScenario, run: Execution): Promise<CrowdRun> {
  const set = await establish(lab, run);
  const dead = set.topology.clients.filter((c) => c.group.dead);
  const unsupported = dead.length > 0 ? await run.fault.unsupported?.(faultTarget(lab.client, set.topology, dead[0]!)) : null;
  if (unsupported) {
    await lab.stopSources();
    const result = crowdResult({
      ...outcomeBase(scenario, run, set),
      analysis: NOTHING_ANALYSED,
      captured: set.capture.result(),
      faults: [],
      faultAt: now(),
      resources: [],
      skipped: unsupported,
    });
    lab.announce(result);
    return { result, connections: [] };
  }
  const faults = await Promise.all(
    dead.map(async (c) => ({ group: c.group.name, injected: await run.fault.inject(faultTarget(lab.client, set.topology, c)) })),
  );
  try {
    return await watchAndJudge(lab, scenario, run, set, faults);
  } finally {
    await Promise.all(faults.map((f) => f.injected.heal()));
  }
}

const NOTHING_ANALYSED = { verdicts: [], packets: 0, analysisMs: 0 };

/** The server, its capture and resource sampler, the clients, every connection established and keepalive proven on all. */
async function establish(lab: LabRun, run: Execution): Promise<Established> {
  const { plan, progress } = run;
  const startedAt = now();
  const server = await startCrowdServer(lab.client, run.topologyPlan);
  const capture = lab.observe(await BulkCapture.start(server.observer, server.port));
  const resources = lab.observe(await ResourceSampler.start(server.observer));
  const { fingerprint, hz } = await lab.fingerprint(server.observer, server.server);
  progress(
    `server up: ${run.topologyPlan.profile.name} ${server.server.ip} on internal network ${server.network.name}; starting ${plan.groups.length} client containers: ${plan.groups.map((group) => `${group.name} ${group.connections}`).join(', ')}`,
  );
  const clients = await startCrowdClients(run.topologyPlan, server.network, server.server, server.port);
  const topology: CrowdTopology = { ...server, clients };
  const setupMs = await connectAll(lab.client, topology, resources, plan, progress);
  if (run.topologyPlan.keepalive && run.expect.outcome === 'error') await awaitProbes(topology, plan, run.config, progress);
  return { topology, capture, resources, fingerprint, hz, setupMs, startedAt };
}

/** What every crowd result carries, whatever became of the run. */
function outcomeBase(scenario: FaultScenario, run: Execution, set: Established) {
  const { fingerprint, hz, setupMs, startedAt } = set;
  return { scenario, run, fingerprint, hz, setupMs, startedAt, runId: run.topologyPlan.run.runId, serverImage: run.topologyPlan.serverImage };
}

/** The watch until the dead are gone, the capture read back, every connection judged. */
async function watchAndJudge(lab: LabRun, scenario: FaultScenario, run: Execution, set: Established, faults: InjectedGroup[]): Promise<CrowdRun> {
  const { plan, progress } = run;
  const { topology, capture, resources, hz } = set;
  const faultAt = faults[0] ? faults[0].injected.at - faults[0].injected.spanMs : now(); // when the first injection began
  const watchMs = watchFor(
    run,
    hz,
    faults.map((f) => f.injected),
  );
  const dead = topology.clients.filter((c) => c.group.dead);
  progress(
    `fault ${run.fault.name} on ${dead.length} client container(s), ${plan.dead} connections, at ${new Date(faultAt).toISOString()}; watching up to ${(watchMs / 1000).toFixed(1)} s`,
  );
  await watchCrowd(resources, plan, run.expect, faultAt, watchMs, progress);
  const established = await establishedAtEnd(topology);
  await resources.stop();
  if (!(await capture.catchUp(topology.clients[0]!.container.ip))) progress('the capture did not show its end marker: it may miss the last packets');
  await capture.stop();
  const captured = capture.result();
  await lab.keepCapture(captured.pcap);
  progress(
    `capture: ${(captured.pcap.length / 1e6).toFixed(1)} MB, ${captured.captured ?? '?'} packets, ${(captured.droppedByKernel ?? 0) + (captured.droppedByInterface ?? 0)} lost; judging every connection`,
  );
  const analysis = analyseCrowd(captured, {
    topology,
    established,
    faults: new Map(faults.map((f) => [f.group, f.injected])),
    config: run.config,
    expect: run.expect,
    hz,
    roles: rolesFor('client'),
    observedForMs: now() - faultAt,
    strict: run.strict ?? false,
  });
  const injected = faults.map((f) => f.injected);
  const result = crowdResult({ ...outcomeBase(scenario, run, set), analysis, captured, faults: injected, faultAt, resources: resources.result() });
  lab.announce(result);
  if (run.connectionsFile) await writeFile(run.connectionsFile, `${analysis.verdicts.map((verdict) => JSON.stringify(verdict)).join('\n')}\n`);
  return { result, connections: analysis.verdicts };
}

interface InjectedGroup {
  group: string;
  injected: InjectedFault;
}

function faultTarget(client: Docker, topology: CrowdTopology, target: CrowdClient) {
  return { docker: client, peer: target.container, network: topology.network, sidecar: target.sidecar! };
}

/** Tells every client to connect and waits until the server's namespace counts every connection established. */
async function connectAll(
  client: Docker,
  topology: CrowdTopology,
  resources: ResourceSampler,
  plan: CrowdPlan,
  progress: (line: string) => void,
): Promise<number> {
  const started = now();
  await Promise.all(topology.clients.map((c) => client.getContainer(c.container.id).kill({ signal: 'SIGUSR1' })));
  progress(`connecting ${plan.connections} connections at ${plan.connectRate} a second`);
  const deadline = started + (plan.connections / plan.connectRate) * 1000 + SETUP_SLACK_MS;
  for (let reported = started; ; ) {
    const latest = resources.samples.at(-1);
    if (latest && latest.t > started && latest.established >= plan.connections) break;
    if (now() > deadline)
      throw new EnvironmentError(
        `only ${latest?.established ?? 0} of ${plan.connections} connections were established within ${((deadline - started) / 1000).toFixed(0)} s; lower --connections or --connect-rate`,
      );
    if (now() - reported >= 1000) {
      progress(`  ${latest?.established ?? 0} of ${plan.connections} established`);
      reported = now();
    }
    await new Promise((resolve) => setTimeout(resolve, RESOURCE_SAMPLE_MS));
  }
  const setupMs = toMicroseconds(now() - started);
  progress(`all ${plan.connections} established after ${(setupMs / 1000).toFixed(1)} s`);
  return setupMs;
}

/** Keepalive proven on every connection before the fault: the namespace counted two probes per connection. */
async function awaitProbes(topology: CrowdTopology, plan: CrowdPlan, config: KeepaliveConfig, progress: (line: string) => void): Promise<void> {
  const wanted = 2 * plan.connections;
  const before = (await readCounters(topology.observer)).get(KEEPALIVE_PROBES_SENT) ?? 0;
  const deadline = now() + (config.idleS + 2 * Math.max(config.idleS, config.intervalS)) * 1000 + SETUP_SLACK_MS;
  for (;;) {
    const sent = ((await readCounters(topology.observer)).get(KEEPALIVE_PROBES_SENT) ?? 0) - before;
    if (sent >= wanted) break;
    if (now() > deadline)
      throw new EnvironmentError(
        `the server's kernel sent ${sent} keepalive probes, not the ${wanted} of two rounds: keepalive is not active on every connection`,
      );
    await new Promise((resolve) => setTimeout(resolve, RESOURCE_SAMPLE_MS));
  }
  progress(`keepalive active: the server's kernel sent ${wanted} probes, two per connection`);
}

/** How long to watch: a crowd expected to live for its watch; one expected to end for 1.5 times its latest window. */
function watchFor(run: Execution, hz: KernelHz, faults: InjectedFault[]): number {
  if (run.expect.outcome === 'alive') return run.watchMs ?? run.expect.forMs ?? 20_000;
  const spanMs = Math.max(0, ...faults.map((f) => f.spanMs));
  const window = ENDING_RULES[endingOf(run.expect)].fromFault({ config: run.config, hz, roles: rolesFor('client'), faultAt: 0, faultSpanMs: spanMs });
  return watchLength(window);
}

/** Until the server's namespace holds only the live connections (an ending expected), or the watch is over. */
async function watchCrowd(
  resources: ResourceSampler,
  plan: CrowdPlan,
  expect: Expectation,
  faultAt: Instant,
  watchMs: number,
  progress: (line: string) => void,
): Promise<void> {
  const live = plan.connections - plan.dead;
  for (let reported = faultAt; now() < faultAt + watchMs; ) {
    const latest = resources.samples.at(-1);
    if (expect.outcome === 'error' && plan.dead > 0 && latest && latest.t > faultAt && latest.established <= live) {
      progress(`the server holds ${latest.established} connections: every dead one is gone, ${((latest.t - faultAt) / 1000).toFixed(3)} s after the fault`);
      // The sampler watches a little longer, so the picture shows the level the server settles at.
      await new Promise((resolve) => setTimeout(resolve, AFTERMATH_MS));
      return;
    }
    if (now() - reported >= 5000) {
      progress(`  waiting: ${((now() - faultAt) / 1000).toFixed(0)} s since the fault, ${latest?.established ?? '?'} established`);
      reported = now();
    }
    await new Promise((resolve) => setTimeout(resolve, RESOURCE_SAMPLE_MS));
  }
}

/** The connections the server's kernel holds as established now, as 4-tuple keys (one ss at the end). */
async function establishedAtEnd(topology: CrowdTopology): Promise<Set<string>> {
  const lines = (await topology.observer.sh('ss -Htn state established')).trim().split('\n').filter(Boolean);
  const keys = new Set<string>();
  for (const line of lines) {
    const [local, peer] = line.trim().split(/\s+/).slice(-2) as [string, string];
    const split = (text: string) => {
      const colon = text.lastIndexOf(':');
      return endpoint(text.slice(0, colon).replace(/^\[|\]$/g, ''), text.slice(colon + 1));
    };
    keys.add(connectionKey(split(local), split(peer)));
  }
  return keys;
}
