// The router's rows on a middlebox run's timeline: what its conntrack table showed of the flow's entry — seen,
// refreshed by a packet, last seen, expired, gone.
import type { EntryLife } from '../observe/conntrack.ts';
import { span } from '../format/format.ts';
import type { FlowRow } from '../run/flow-timeline.ts';

export function entryRows(entry: EntryLife): FlowRow[] {
  const row = (t: number, event: string, detail: string): FlowRow => ({ t, source: 'router', event, detail });
  const { lastSeen, expired, goneBy } = entry;
  return [
    ...(entry.seenFrom === null ? [] : [row(entry.seenFrom, 'entry seen', "the flow's first sample in the conntrack table")]),
    ...entry.refreshes.map((t) => row(t, 'entry refreshed', 'its timeout back at the full NAT timeout: a packet passed')),
    ...(lastSeen && goneBy !== null ? [row(lastSeen.t, 'entry last seen', `${lastSeen.timeoutS} s left`)] : []),
    ...(expired ? [row(expired.earliest, 'entry expired', `inferred from the last sample: within ${span(expired.latest - expired.earliest)} of this`)] : []),
    ...(goneBy === null ? [] : [row(goneBy, 'entry gone', 'the first sample without it')]),
  ];
}
