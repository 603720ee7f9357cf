// Before the fault: the topology, the sources (capture, counters, the server's view, the agent's events), the
// connection and the environment.
import { now } from '../clock.ts';
import { AgentEventLog } from '../observe/agent-events.ts';
import { FactLog } from '../observe/facts.ts';
import { readJiffyClock } from '../observe/jiffy-reading.ts';
import { PacketCapture } from '../observe/packet-capture.ts';
import { CounterSampler } from '../observe/counter-sampler.ts';
import { ServerView } from '../observe/server-view.ts';
import { describeOptions } from '../observe/timeline.ts';
import { awaitConnection } from '../run/connection.ts';
import { rolesFor } from '../roles.ts';
import { stageTopology } from '../run/topology.ts';
import { applicationStart } from '../run/application-run.ts';
import { applicationExited } from '../runtime/application-container.ts';
import { type Prepared, type RunContext, agentIsSource } from './context.ts';

/** Topology, sources, the connection, the environment. */
export async function prepare(context: RunContext): Promise<Prepared> {
  const { scenario, config, progress, lab } = context;
  const startedAt = now();
  const roles = rolesFor(scenario.fault.target);
  const facts = new FactLog();
  const agentLog = lab.observe(new AgentEventLog(agentIsSource(context) ? facts : undefined));
  if (context.application) lab.observe(context.application.log);
  const application = context.application && applicationStart(context.application, lab.run, context.profile.port, lab.clientImage!);
  const staged = await stageTopology(lab.client, {
    run: lab.run,
    images: lab.images,
    scenario,
    roles,
    agentLog,
    profile: context.profile,
    serverImage: lab.serverImage,
    keepalive: context.shipped || application ? null : config,
    ipVersion: context.ipVersion,
    ...(application ? { application } : {}),
  });
  const wire = context.capture ? lab.observe(await PacketCapture.start(staged.observer.sidecar, facts, staged.port)) : undefined; // before the handshake
  const topology = await staged.connect();
  lab.phase('topology');
  progress(
    `topology up: ${context.profile.name} server ${topology.server.container.ip}, client ${topology.client.container.ip} on internal network ${topology.network.name}`,
  );

  const connection = await awaitConnection(facts, wire ? 'wire' : 'agent', topology, roles, agentIsSource(context) ? agentLog : undefined).catch(
    async (error: unknown) => {
      throw (context.application && (await applicationExited(topology.client.container, context.application.profile))) ?? error; // it crashed: say why
    },
  );
  const counters = lab.observe(await CounterSampler.start(topology.observer.sidecar, facts, connection.key));
  // The server's own view is asked by exec into its container: never into one the fault will pause (an exec starting
  // as `docker pause` froze a PostgreSQL server left the engine stuck on that container until its cgroup was thawed by hand).
  const serverView =
    context.profile.clients && context.scenario.fault.target === 'client'
      ? lab.observe(await ServerView.start(topology.server.container, context.profile.clients, connection.client, connection.key, facts))
      : undefined;
  progress(
    agentIsSource(context)
      ? `connected: the ${roles.observer}'s socket holds ${describeOptions(connection.heldOptions)}`
      : `connected: ${connection.client} → ${connection.server} (the handshake on the wire)${serverView ? `; ${context.profile.name} lists ${serverView.result().before} client(s)` : ''}`,
  );
  lab.phase('connection');
  const { fingerprint, hz } = await lab.fingerprint(topology.observer.sidecar, topology.server.container);
  const jiffies = hz.hz === null ? null : await readJiffyClock(hz.hz);
  lab.phase('fingerprint');
  return { topology, facts, agentLog, wire, counters, serverView, connection, fingerprint, hz, jiffies, labEvents: [], startedAt };
}
