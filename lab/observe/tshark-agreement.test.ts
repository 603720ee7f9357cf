// The lab's TCP classifier against Wireshark's analysis (tshark, Debian's package) on the captures the lab made:
// keep-alive, keep-alive ACK and retransmission flags must agree with the lab's kinds, frame by frame. Linux sends
// a zero-window probe as a zero-length segment at snd_una − 1, which Wireshark flags as a keep-alive: where the
// peer's last advertised window was zero, the lab must call that frame a zero-window probe.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './packet-decoder.ts';
import { readPcap } from './pcap-file.ts';
import { type PacketKind, TcpClassifier } from './tcp-classifier.ts';

const CAPTURES = ['vm-pause.pcap', 'vm-pause-1-3-10.pcap', 'freeze.pcap', 'reset.pcap', 'busy-user-timeout.pcap', 'zero-window.pcap', 'two-connections.pcap'];
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const tsharkMissing = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'tshark is not installed here (apt-get install tshark; .ci/setup.sh does)';
  }
})();

interface Frame {
  number: number;
  stream: number;
  from: string;
  window: number;
  keepAlive: boolean;
  keepAliveAck: boolean;
  retransmission: boolean;
}

function tsharkFrames(name: string): Frame[] {
  const fields = [
    'frame.number',
    'tcp.stream',
    'ip.src',
    'tcp.srcport',
    'tcp.window_size_value',
    'tcp.analysis.keep_alive',
    'tcp.analysis.keep_alive_ack',
    'tcp.analysis.retransmission',
  ];
  const output = execFileSync('tshark', ['-r', fixture(name), '-Y', 'tcp', '-T', 'fields', '-E', 'separator=,', ...fields.flatMap((field) => ['-e', field])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return output
    .trim()
    .split('\n')
    .map((line) => {
      const [number, stream, address, port, window, keepAlive, keepAliveAck, retransmission] = line.split(',');
      return {
        number: Number(number),
        stream: Number(stream),
        from: `${address}:${port}`,
        window: Number(window),
        keepAlive: !!keepAlive,
        keepAliveAck: !!keepAliveAck,
        retransmission: !!retransmission,
      };
    });
}

function labKinds(name: string): Map<number, PacketKind> {
  const { linkType, records } = readPcap(readFileSync(fixture(name)));
  const classifier = new TcpClassifier();
  const kinds = new Map<number, PacketKind>();
  records.forEach((record, index) => {
    const decoded = decodeFrame(record.t, record.data, linkType);
    if (decoded?.tcp) kinds.set(index + 1, classifier.classify(decoded).kind);
  });
  return kinds;
}

describe.skipIf(tsharkMissing)(`the classifier against tshark${tsharkMissing ? ` (skipped: ${tsharkMissing})` : ''}`, () => {
  it.each(CAPTURES)('%s: frame by frame, the same probes, answers and retransmissions', (name) => {
    const kinds = labKinds(name);
    const lastWindowFrom = new Map<string, number>(); // per stream and sender: the window it last advertised
    let probes = 0;
    for (const frame of tsharkFrames(name)) {
      const kind = kinds.get(frame.number);
      const peerWindow = [...lastWindowFrom].find(([key]) => key.startsWith(`${frame.stream} `) && !key.endsWith(` ${frame.from}`))?.[1];
      const where = `${name} frame ${frame.number} (lab: ${kind})`;
      if (frame.keepAlive) {
        probes += 1;
        expect(kind, where).toBe(peerWindow === 0 ? 'zero-window-probe' : 'keepalive-probe');
      } else {
        expect(['keepalive-probe', 'zero-window-probe'], where).not.toContain(kind);
      }
      if (frame.keepAliveAck) expect(kind, where).toBe('probe-answer');
      if (kind === 'probe-answer' && frame.window > 0) expect(frame.keepAliveAck, where).toBe(true);
      expect(kind === 'retransmission', where).toBe(frame.retransmission);
      lastWindowFrom.set(`${frame.stream} ${frame.from}`, frame.window);
    }
    expect(probes + [...kinds.values()].filter((kind) => kind === 'retransmission').length).toBeGreaterThan(0); // each capture shows something
  });
});
