// The capture of a crowd read in one pass — decoded, classified per connection, grouped by connection — and every
// connection judged: by its client's address, live or dead, and for a dead one against its own group's fault.
import { now, toMicroseconds } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { InjectedFault } from '../faults/fault.ts';
import { type TickGrid, tickGridOf } from '../model/chain-fit.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { decodeCapture } from '../observe/decode-capture.ts';
import { addressOf, endpoint } from '../observe/endpoint.ts';
import type { BulkCaptureResult } from '../observe/bulk-capture.ts';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';
import { packetsByConnection } from '../observe/wire-analysis.ts';
import type { Roles } from '../roles.ts';
import type { Expectation } from '../scenario.ts';
import { type ConnectionVerdict, judgeDead, judgeLive } from './judge.ts';
import type { CrowdTopology } from './topology.ts';

export interface CrowdAnalysis {
  verdicts: ConnectionVerdict[];
  packets: number;
  analysisMs: number;
}

export interface CrowdAnalysisContext {
  topology: Pick<CrowdTopology, 'server' | 'port' | 'clients'>;
  /** The connections the server still held as established at the end (connection keys). */
  established: Set<string>;
  /** Each dead group's fault, by group name. */
  faults: Map<string, InjectedFault>;
  config: KeepaliveConfig;
  expect: Expectation;
  hz: KernelHz;
  roles: Roles;
  observedForMs: number;
  strict: boolean;
}

/**
 * The jiffy grid every connection's timer ticks on, from all the server's probes before the fault: thousands of
 * them show where a tick begins and how long its batch of probes takes to go out far better than one connection's
 * two can (undefined where HZ is unknown or nothing probed).
 */
function crowdGrid(packets: ClassifiedPacket[], server: string, faultAt: number | undefined, hz: KernelHz): TickGrid | undefined {
  if (hz.hz === null || faultAt === undefined) return undefined;
  const probes = packets.filter((packet) => packet.kind === 'keepalive-probe' && packet.from === server && packet.t < faultAt).map((packet) => packet.t);
  return probes.length > 0 ? tickGridOf(probes, 1000 / hz.hz) : undefined;
}

export function analyseCrowd(captured: Pick<BulkCaptureResult, 'pcap'>, context: CrowdAnalysisContext): CrowdAnalysis {
  const started = now();
  const packets = decodeCapture(captured.pcap);
  const server = endpoint(context.topology.server.ip, context.topology.port);
  const groups = new Map(context.topology.clients.map((client) => [client.container.ip, client.group]));
  const anyFault = [...context.faults.values()][0];
  const grid = crowdGrid(packets, server, anyFault?.at, context.hz);
  const shared = {
    config: context.config,
    expect: context.expect,
    hz: context.hz,
    roles: context.roles,
    observedForMs: context.observedForMs,
    captureEnd: packets.at(-1)?.t ?? 0,
    grid,
    strict: context.strict,
  };
  const verdicts: ConnectionVerdict[] = [];
  for (const [connection, ofConnection] of packetsByConnection(packets)) {
    const [a, b] = connection.split(' ') as [string, string];
    if (a !== server && b !== server) continue; // not the server's port: an ICMP error about something else
    const client = a === server ? b : a;
    const group = groups.get(addressOf(client));
    if (!group) continue;
    const wire = {
      connection,
      client,
      group: group.name,
      packets: ofConnection,
      observerEndpoint: server,
      establishedAtEnd: context.established.has(connection),
    };
    const fault = context.faults.get(group.name);
    verdicts.push(group.dead && fault ? judgeDead(wire, { at: fault.at, spanMs: fault.spanMs }, shared) : judgeLive(wire, anyFault?.at ?? 0, shared));
  }
  return { verdicts, packets: packets.length, analysisMs: toMicroseconds(now() - started) };
}
