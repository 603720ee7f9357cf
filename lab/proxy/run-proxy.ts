// One run behind a proxy: the two networks, HAProxy between them, the server and the client → captures on both sides
// → the client connects (an application sends its first request) and falls silent; the proxy closes the idle
// connection at its timeout, whatever keepalive does → an application's next request, after the close → the
// proxy's log → the verdict → down. The lab injects no fault: the proxy's timeout is the fault.
import { type Instant, now } from '../clock.ts';
import { type KeepaliveConfig, parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { seconds } from '../format/format.ts';
import { AgentEventLog } from '../observe/agent-events.ts';
import type { ApplicationLine } from '../observe/application-log.ts';
import { FactLog } from '../observe/facts.ts';
import { markCpuPressure } from '../observe/cpu-pressure.ts';
import { setTimeout } from 'node:timers/promises';
import { PacketCapture } from '../observe/packet-capture.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { type LabRun, withLabRun } from '../run/lab-run.ts';
import { type BehindOptions, CONNECT_TIMEOUT_MS, connectThrough, participantsBehind } from '../run/middlebox-sides.ts';
import { ensureProxyImage } from '../runtime/proxy-image.ts';
import { containerLog } from '../runtime/server-container.ts';
import type { ProxyScenario } from '../scenario.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { type ProxyPlan, planProxy } from './plan.ts';
import { proxyResult } from './proxy-result.ts';
import type { ProxyResult } from './result.ts';
import { type ProxyTopology, startProxyTopology } from './topology.ts';

/** How long past the proxy's timeout the close is awaited before the run is judged without one. */
const CLOSE_GRACE_MS = 10_000;
/** How long before the timeout could first fall due (from the handshake) the CPU's pressure is marked. */
const PRESSURE_LEAD_MS = 100;
/** How long the application's next request may take: a new connection through the proxy, answered at once. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function runProxy(scenario: ProxyScenario, options: BehindOptions = {}): Promise<ProxyResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const plan = planProxy(scenario, config, options.middlebox);
  const progress = options.progress ?? (() => {});
  const { profile, application } = await participantsBehind(options, plan.requestAfterS, plan.keepaliveOn === 'client' ? config : null);
  const { client } = options;
  return withLabRun({ scenario: scenario.name, progress, profile, client }, async (lab) => {
    const agentLog = new AgentEventLog();
    const topology = await startProxyTopology(lab.client, {
      run: lab.run,
      images: lab.images,
      agentLog,
      server: { profile, image: lab.serverImage },
      proxy: plan,
      config,
      proxyImage: await ensureProxyImage(lab.client, progress),
      ...(application ? { application: { run: application, image: lab.clientImage! } } : {}),
    });
    if (application) lab.observe(application.log);
    return execute(lab, scenario, { config, plan, topology, agentLog, application, profile, command: options.command ?? '' });
  });
}

interface Execution {
  config: KeepaliveConfig;
  plan: ProxyPlan;
  topology: ProxyTopology;
  agentLog: AgentEventLog;
  application?: ApplicationRun;
  profile: ServerProfile;
  command: string;
}

async function execute(lab: LabRun, scenario: ProxyScenario, run: Execution): Promise<ProxyResult> {
  const { topology, plan } = run;
  const progress = lab.progress;
  const startedAt = now();
  const clientFacts = new FactLog();
  const [clientWire, serverWire, { fingerprint, hz }] = await Promise.all([
    PacketCapture.start(topology.client.sidecar, clientFacts, topology.port).then(lab.observe),
    PacketCapture.start(topology.server.sidecar, new FactLog(), topology.port).then(lab.observe),
    lab.fingerprint(topology.server.sidecar, topology.server.container),
  ]);
  progress(
    `topology up: client ${topology.client.container.ip} → proxy ${topology.proxy.clientSideIp} | ${topology.proxy.serverSideIp} → server ${topology.server.container.ip} (${topology.proxy.version})`,
  );
  progress(
    `the proxy closes a connection idle ${plan.timeoutS} s (timeout client and timeout server); keepalive ${plan.keepaliveOn === 'client' ? `on the client, idle ${run.config.idleS} s` : 'off'}`,
  );
  const opened = await connectThrough(topology, clientFacts, run.application, 'the proxy');
  // The machine's CPU contention from just before the timeout can fall due (the last data comes after the handshake) to the close.
  const pressureBefore = setTimeout(Math.max(0, opened.t + plan.timeoutS * 1000 - PRESSURE_LEAD_MS - now())).then(() => markCpuPressure());
  const closed = await clientFacts.waitFor((fact) => fact.kind === 'ended' && fact.source === 'wire', plan.timeoutS * 1000 + CLOSE_GRACE_MS);
  const pressure = { before: await pressureBefore, after: await markCpuPressure() };
  progress(
    closed ? `the connection closed ${seconds(closed.t - opened.t)} after the handshake` : `no close within ${plan.timeoutS} s + ${seconds(CLOSE_GRACE_MS)}`,
  );
  const next = run.application ? await nextRequest(run.application, opened.t, plan) : null;
  await lab.stopSources();
  const result = proxyResult({
    scenario,
    plan,
    config: run.config,
    hz,
    fingerprint,
    topology,
    startedAt,
    handshakeAt: opened.t,
    clientEnd: opened.client,
    clientCapture: clientWire.result(),
    serverCapture: serverWire.result(),
    proxyLog: await containerLog(lab.client, topology.proxy.name),
    pressure,
    agentEvents: run.agentLog.items,
    profile: run.profile,
    serverImage: lab.serverImage,
    ...(run.application ? { application: { run: run.application, image: lab.clientImage!, next } } : {}),
    runId: lab.run.runId,
    command: run.command,
  });
  lab.announce(result);
  return result;
}

/** The application's request after the silence (its second), and how it ended; null: none came. */
async function nextRequest(
  application: ApplicationRun,
  handshakeAt: Instant,
  plan: ProxyPlan,
): Promise<{ request: ApplicationLine; ending: ApplicationLine | null } | null> {
  const { log } = application;
  const dueIn = handshakeAt + plan.requestAfterS * 1000 - now();
  const request = await log.waitFor((line) => line.event === 'request' && line.id === NEXT_REQUEST, dueIn + CONNECT_TIMEOUT_MS);
  if (!request) return null;
  const ending = await log.waitFor((line) => line.id === NEXT_REQUEST && (line.event === 'answer' || line.event === 'failed'), REQUEST_TIMEOUT_MS);
  return { request, ending };
}

/** The application's first request goes out as it connects; its second after the silence, once the proxy has closed. */
export const NEXT_REQUEST = 2;
