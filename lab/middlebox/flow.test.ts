import { describe, expect, it } from 'vitest';
import { flowTimeline } from '../run/flow-timeline.ts';
import { entryRows } from './flow.ts';
import { CLIENT, MASQ, packet, ROUTER, SERVER } from './fixtures/wire.ts';

describe('flowTimeline', () => {
  it("puts both wires, the router's table and both applications in one list, in ms from the request", () => {
    const rows = flowTimeline(
      {
        client: {
          endpoint: CLIENT,
          packets: [
            packet(1_000, 'keepalive-probe', CLIENT, ROUTER, { answered: false }),
            packet(1_001, 'ack', ROUTER, CLIENT),
            packet(9_000, 'data', CLIENT, ROUTER, { length: 4 }),
          ],
        },
        server: { endpoint: SERVER, packets: [packet(1_000.2, 'keepalive-probe', MASQ, SERVER)] },
        middlebox: entryRows({
          seenFrom: 200,
          refreshes: [1_100],
          lastSeen: { t: 5_900, timeoutS: 0 },
          expired: { earliest: 5_900, latest: 6_150 },
          goneBy: 6_150,
        }),
        agentEvents: [
          { t: 9_000.5, role: 'client', event: 'request-sent' },
          { t: 9_100, role: 'client', event: 'error', code: 'ECONNRESET' },
          { t: 0, role: 'server', event: 'listening' },
        ],
      },
      9_000,
    );
    expect(rows.map((row) => [row.atMs, row.source, row.event, row.detail])).toEqual([
      [-8_800, 'router', 'entry seen', "the flow's first sample in the conntrack table"],
      [-8_000, 'client side', 'keepalive probe', 'client → server, unanswered'],
      [-7_999.8, 'server side', 'keepalive probe', 'client → server'],
      [-7_900, 'router', 'entry refreshed', 'its timeout back at the full NAT timeout: a packet passed'],
      [-3_100, 'router', 'entry last seen', '0 s left'],
      [-3_100, 'router', 'entry expired', 'inferred from the last sample: within 250 ms of this'],
      [-2_850, 'router', 'entry gone', 'the first sample without it'],
      [0, 'client side', 'data', '4 bytes, client → server'],
      [0.5, 'client', 'request-sent', ''],
      [100, 'client', 'error', 'ECONNRESET'],
    ]);
  });
});
