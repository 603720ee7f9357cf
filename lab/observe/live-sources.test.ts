// The live sources on recorded input: a capture streamed in small chunks, and the counter sampler's output, each
// through a stand-in for the sidecar's streaming command.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import { CounterSampler } from './counter-sampler.ts';
import { FactLog } from './facts.ts';
import { PacketCapture } from './packet-capture.ts';
import { readPcap } from './pcap-file.ts';
import { clientsFrom } from './server-view.ts';

function fakeSidecar(stderr: string): { sidecar: Sidecar; stdout: PassThrough; signals: string[] } {
  const stdout = new PassThrough();
  const signals: string[] = [];
  let ended!: () => void;
  const command: StreamingCommand = {
    stdout,
    stderr: () => stderr,
    ended: new Promise((resolve) => {
      ended = resolve;
    }),
    stop: async (signal = 'TERM') => {
      signals.push(signal);
      stdout.end();
      ended();
    },
  };
  return { sidecar: { peerName: 'server', stream: async () => command } as unknown as Sidecar, stdout, signals };
}

const vmPause = readFileSync(new URL('fixtures/vm-pause.pcap', import.meta.url));

describe('the wire, live', () => {
  it('decodes a capture streamed in 7-byte chunks as the whole file reads, and tells the facts as they come', async () => {
    const facts = new FactLog();
    const { sidecar, stdout, signals } = fakeSidecar('pid 42\nlistening on eth0\n');
    const capture = await PacketCapture.start(sidecar, facts, 7000);
    for (let offset = 0; offset < vmPause.length; offset += 7) stdout.write(vmPause.subarray(offset, offset + 7));
    await capture.stop();

    const { packets, pcap } = capture.result();
    expect(signals).toEqual(['INT']); // tcpdump flushes on SIGINT
    expect(pcap.equals(vmPause)).toBe(true);
    expect(packets.map((packet) => packet.t)).toEqual(readPcap(vmPause).records.map((record) => record.t));
    expect(facts.items.map((fact) => [fact.kind, fact.source])).toEqual([
      ['opened', 'wire'],
      ['probe', 'wire'],
      ['answered', 'wire'],
      ['probe', 'wire'],
      ['probe', 'wire'],
      ['probe', 'wire'],
      ['ended', 'wire'],
    ]);
    expect(facts.items[2]).toMatchObject({ kind: 'answered', from: '192.168.144.2:7000' }); // the server's first probe, answered by the client
    expect(facts.items[0]).toMatchObject({ client: '192.168.144.3:45456', server: '192.168.144.2:7000' });
    expect(facts.items.at(-1)).toMatchObject({ kind: 'ended', signal: 'rst', at: '192.168.144.2:7000' });
  });
});

describe('the namespace counters, live', () => {
  const headers = [
    'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs',
    'TcpExt: SyncookiesSent TCPKeepAlive TCPAbortOnTimeout',
  ];
  const values = (established: number, aborts: number) => [`Tcp: 1 200 120000 -1 0 1 0 0 ${established} 10`, `TcpExt: 0 3 ${aborts}`];

  async function sample(lines: string[]) {
    const facts = new FactLog();
    const { sidecar, stdout } = fakeSidecar('pid 7\n');
    const started = CounterSampler.start(sidecar, facts, 'a:1 b:2');
    stdout.write(`${[...headers, ...lines].join('\n')}\n`);
    const sampler = await started;
    return { sampler, facts, stdout };
  }

  it('times an abort between the start of the sample before and the end of the one that counted it', async () => {
    const { sampler, facts, stdout } = await sample([
      '@1000.000 1000.0003',
      ...values(1, 0),
      '@1000.010 1000.0103',
      '@1000.020 1000.0204',
      ...values(0, 1),
      '@1000.030 1000.0303',
    ]);
    stdout.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sampler.result().abort).toEqual({ at: expect.closeTo(1000020.4, 6), gapMs: expect.closeTo(10.4, 6), keepaliveProbes: 0 });
    expect(facts.items).toEqual([{ t: expect.closeTo(1000020.4, 6), source: 'counters', connection: 'a:1 b:2', kind: 'ended', signal: 'aborted', at: '' }]);
    expect(sampler.result().stats.maxGapMs).toBeCloseTo(10.4, 6);
  });

  it('names no connection when the namespace held more than the watched one', async () => {
    const { sampler, facts, stdout } = await sample(['@1.000 1.001', ...values(2, 0), '@1.010 1.011', ...values(1, 1), '@1.020 1.021']);
    stdout.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect([sampler.result().abort, facts.items]).toEqual([undefined, []]);
  });
});

describe("the server's own view of its clients", () => {
  const redis = [
    'id=3 addr=172.20.0.3:44794 laddr=172.20.0.2:6379 fd=7 name= age=1 idle=1 flags=N db=0 cmd=ping',
    'id=4 addr=127.0.0.1:39370 laddr=127.0.0.1:6379 fd=8 name= age=0 idle=0 flags=N db=0 cmd=client|list',
  ].join('\n');

  it("reads Redis's CLIENT LIST: the observed client held, the lab's own query from loopback not counted", () => {
    expect(clientsFrom(redis, '172.20.0.3:44794')).toEqual({ count: 1, holds: true });
    expect(clientsFrom(redis, '172.20.0.3:4479')).toEqual({ count: 1, holds: false }); // a port is matched whole
  });

  it("reads PostgreSQL's address:port lines, and a plain count", () => {
    expect(clientsFrom('172.20.0.3:41754\n172.20.0.4:40000\n', '172.20.0.4:40000')).toEqual({ count: 2, holds: true });
    expect(clientsFrom('3\n', '172.20.0.3:1')).toEqual({ count: 3, holds: null });
    expect(clientsFrom('', '172.20.0.3:1')).toEqual({ count: 0, holds: false });
  });
});
