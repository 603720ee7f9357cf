// A connection through a middlebox as one timeline: what the client's side of the wire showed, what the
// middlebox itself showed (rows its kind gives: a router's conntrack entry; none for a proxy), what the server's
// side of the wire showed, and what the client's and the server's applications said — so a reader sees a probe
// leave one side and arrive on the other, or the middlebox forget or close the flow and what each end then met.
import { toMicroseconds } from '../clock.ts';
import { addressOf } from '../observe/endpoint.ts';
import type { AgentEvent } from '../observe/agent-events.ts';
import type { ApplicationLine } from '../observe/application-log.ts';
import type { ClassifiedPacket, PacketKind } from '../observe/tcp-classifier.ts';
import { applicationRows, type TimelineEntry } from '../observe/timeline.ts';

/** One side's packets and its own endpoint. */
export interface SideOnWire {
  packets: readonly ClassifiedPacket[];
  endpoint: string;
}

const SHOWN: Partial<Record<PacketKind, string>> = {
  syn: 'SYN',
  'syn-ack': 'SYN-ACK',
  data: 'data',
  'keepalive-probe': 'keepalive probe',
  'probe-answer': 'probe answered',
  retransmission: 'retransmission',
  fin: 'FIN',
  rst: 'RST',
  'icmp-unreachable': 'ICMP unreachable',
  'icmp-error': 'ICMP error',
};

export interface FlowSources {
  client: SideOnWire;
  server: SideOnWire;
  /** The middlebox's own rows, its times ms since the epoch. */
  middlebox: readonly FlowRow[];
  agentEvents: readonly AgentEvent[];
  /** An application's lines, where it is the client. */
  applicationLines?: readonly ApplicationLine[];
}

/** A timeline row before its time is counted from the run's zero. */
export type FlowRow = Omit<TimelineEntry, 'atMs'> & { t: number };

/** Every event of the flow, in ms from `zero` (the request behind a router, the last data behind a proxy). */
export function flowTimeline({ client, server, middlebox, agentEvents, applicationLines = [] }: FlowSources, zero: number): TimelineEntry[] {
  const rows: FlowRow[] = [
    ...packetsOf(client, 'client side', ['client', 'server']),
    ...packetsOf(server, 'server side', ['server', 'client']),
    ...middlebox,
    ...agentEvents.filter((event) => event.event !== 'ready' && event.event !== 'listening').map(agentRow),
    ...applicationRows(applicationLines),
  ];
  return rows.sort((a, b) => a.t - b.t).map(({ t, ...row }) => ({ atMs: toMicroseconds(t - zero), ...row }));
}

/** One side's packets of note (not pure ACKs), each with its direction as that side's own host names it (a reconnection's new port too). */
function packetsOf(side: SideOnWire, source: TimelineEntry['source'], [own, other]: [string, string]): FlowRow[] {
  return side.packets.flatMap((packet: ClassifiedPacket) => {
    const shown = SHOWN[packet.kind];
    if (!shown) return [];
    const direction = addressOf(packet.from) === addressOf(side.endpoint) ? `${own} → ${other}` : `${other} → ${own}`;
    const bytes = packet.kind === 'data' || packet.kind === 'retransmission' ? `${packet.length ?? 0} bytes, ` : '';
    const unanswered = packet.kind === 'keepalive-probe' && packet.answered === false ? ', unanswered' : '';
    return [{ t: packet.t, source, event: shown, detail: `${bytes}${direction}${unanswered}` }];
  });
}

function agentRow(event: AgentEvent): FlowRow {
  const code = typeof event.code === 'string' ? event.code : '';
  return { t: event.t, source: event.role, event: event.event, detail: code };
}
