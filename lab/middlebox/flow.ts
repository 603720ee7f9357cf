// A middlebox run's timeline: the flow through the router as one list — what the client's side of the wire
// showed, what the router's conntrack table showed of the flow's entry, what the server's side of the wire showed,
// and what the client's and the server's applications said — so a reader sees a probe leave one side, the router's
// entry refreshed by it and the probe arrive on the other, or the entry gone and the request dropped or reset.
import { toMicroseconds } from '../clock.ts';
import type { AgentEvent } from '../observe/agent-events.ts';
import type { EntryLife } from '../observe/conntrack.ts';
import type { ClassifiedPacket, PacketKind } from '../observe/tcp-classifier.ts';
import { span } from '../format/format.ts';
import type { ApplicationLine } from '../observe/application-log.ts';
import { applicationRows, type TimelineEntry } from '../observe/timeline.ts';
import type { SideOnWire } from './judge.ts';

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
  entry: EntryLife;
  agentEvents: readonly AgentEvent[];
  /** An application's lines, where it is the client. */
  applicationLines?: readonly ApplicationLine[];
}

type Row = Omit<TimelineEntry, 'atMs'> & { t: number };

/** Every event of the flow, in ms from `zero` (the request, or when it was due). */
export function flowTimeline({ client, server, entry, agentEvents, applicationLines = [] }: FlowSources, zero: number): TimelineEntry[] {
  const rows: Row[] = [
    ...packetsOf(client, 'client side', ['client', 'server']),
    ...packetsOf(server, 'server side', ['server', 'client']),
    ...entryEvents(entry),
    ...agentEvents.filter((event) => event.event !== 'ready' && event.event !== 'listening').map(agentRow),
    ...applicationRows(applicationLines),
  ];
  return rows.sort((a, b) => a.t - b.t).map(({ t, ...row }) => ({ atMs: toMicroseconds(t - zero), ...row }));
}

/** One side's packets of note (not pure ACKs), each with its direction as that side's own end names it. */
function packetsOf(side: SideOnWire, source: TimelineEntry['source'], [own, other]: [string, string]): Row[] {
  return side.packets.flatMap((packet: ClassifiedPacket) => {
    const shown = SHOWN[packet.kind];
    if (!shown) return [];
    const direction = packet.from === side.endpoint ? `${own} → ${other}` : `${other} → ${own}`;
    const bytes = packet.kind === 'data' || packet.kind === 'retransmission' ? `${packet.length ?? 0} bytes, ` : '';
    const unanswered = packet.kind === 'keepalive-probe' && packet.answered === false ? ', unanswered' : '';
    return [{ t: packet.t, source, event: shown, detail: `${bytes}${direction}${unanswered}` }];
  });
}

function entryEvents(entry: EntryLife): Row[] {
  const row = (t: number, event: string, detail: string): Row => ({ t, source: 'router', event, detail });
  const { lastSeen, expired, goneBy } = entry;
  return [
    ...(entry.seenFrom === null ? [] : [row(entry.seenFrom, 'entry seen', "the flow's first sample in the conntrack table")]),
    ...entry.refreshes.map((t) => row(t, 'entry refreshed', 'its timeout back at the full NAT timeout: a packet passed')),
    ...(lastSeen && goneBy !== null ? [row(lastSeen.t, 'entry last seen', `${lastSeen.timeoutS} s left`)] : []),
    ...(expired ? [row(expired.earliest, 'entry expired', `inferred from the last sample: within ${span(expired.latest - expired.earliest)} of this`)] : []),
    ...(goneBy === null ? [] : [row(goneBy, 'entry gone', 'the first sample without it')]),
  ];
}

function agentRow(event: AgentEvent): Row {
  const code = typeof event.code === 'string' ? event.code : '';
  return { t: event.t, source: event.role, event: event.event, detail: code };
}
