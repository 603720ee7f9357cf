import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentEventLog, parseAgentLine } from './agent-events.ts';
import { KEEPALIVE_PROBES_SENT, parseNetstat } from './kernel-counters.ts';
import { parseSs, parseSsDuration, socketEndpoints } from './socket-state.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('ss -tinoHa (captured in a server namespace while keepalive probes went unanswered)', () => {
  const sockets = parseSs(fixture('ss-server-probing.txt'));

  it('reads state, endpoints, the keepalive timer and its unanswered probes', () => {
    const connection = sockets.find((socket) => socket.state === 'ESTAB');
    expect(connection).toEqual({
      state: 'ESTAB',
      local: '[::ffff:172.25.0.2]:7000',
      remote: '[::ffff:172.25.0.3]:54774',
      timer: { name: 'keepalive', expiresIn: '608ms', probesUnanswered: 2 },
      lastReceivedMsAgo: 3452,
    });
  });

  it('keeps listeners apart from connections', () => {
    expect(sockets.map((socket) => socket.state)).toEqual(['LISTEN', 'LISTEN', 'ESTAB']);
  });
});

describe('/proc/net/netstat', () => {
  it('pairs each name with its value under its prefix', () => {
    const counters = parseNetstat(fixture('proc-net-netstat.txt'));
    expect(counters.get(KEEPALIVE_PROBES_SENT)).toBeTypeOf('number');
    expect(counters.get('TcpExt.SyncookiesSent')).toBe(0);
    expect([...counters.keys()].some((name) => name.startsWith('IpExt.'))).toBe(true);
  });
});

describe('agent events', () => {
  it('parses agent JSON lines and ignores anything else', () => {
    expect(parseAgentLine('{"t":1.5,"role":"server","event":"error","code":"ETIMEDOUT"}')).toEqual({
      t: 1.5,
      role: 'server',
      event: 'error',
      code: 'ETIMEDOUT',
    });
    expect(parseAgentLine('(node:1) Warning: something')).toBeNull();
    expect(parseAgentLine('{"t":"soon","role":"server","event":"x"}')).toBeNull();
    expect(parseAgentLine('{"t":1,"role":"proxy","event":"x"}')).toBeNull();
  });

  it('resolves a wait with an event seen before or after it started, or null at its timeout', async () => {
    const log = new AgentEventLog();
    log.push({ t: 1, role: 'server', event: 'listening' });
    await expect(log.waitFor((event) => event.event === 'listening', 0)).resolves.toMatchObject({ t: 1 });
    const later = log.waitFor((event) => event.event === 'error', 1_000);
    log.push({ t: 2, role: 'server', event: 'error' });
    await expect(later).resolves.toMatchObject({ t: 2 });
    await expect(log.waitFor((event) => event.event === 'end', 1)).resolves.toBeNull();
  });
});

describe('times as ss prints them', () => {
  it.each([
    ['119min', 7_140_000, 60_000],
    ['4min29sec', 269_000, 1000],
    ['29sec', 29_000, 1000],
    ['5.123ms', 5123, 1],
    ['608ms', 608, 1],
    ['1min5sec', 65_000, 1000],
  ])('%s is %i ms, to within %i ms', (text, ms, granularityMs) => {
    expect(parseSsDuration(text)).toEqual({ ms, granularityMs });
  });

  it('refuses what is not one', () => {
    expect(parseSsDuration('soon')).toBeNull();
  });
});

describe('ss timers', () => {
  it('reads a timer due now — ss prints no time for it — as due in 0 ms, not as no timer', () => {
    // Sampled every 20 ms on a socket with keepalive on: 2 reads in 160 showed `timer:(keepalive,,0)`, at the moment a probe was due.
    const [socket] = parseSs('ESTAB 0 0 172.28.0.2:53216 172.28.0.3:6379 timer:(keepalive,,0) ino:0 sk:1\n');
    expect(socket?.timer).toEqual({ name: 'keepalive', expiresIn: '0ms', probesUnanswered: 0 });
  });
});

describe('ss endpoints', () => {
  it('finds the observed connection by its endpoints, IPv4-mapped or not', () => {
    const text =
      'ESTAB 0 0 [::ffff:172.25.0.2]:7000 [::ffff:172.25.0.3]:54774 timer:(keepalive,608ms,2)\nTIME-WAIT 0 0 127.0.0.1:7000 127.0.0.1:39370 timer:(timewait,59sec,0)\n';
    const sockets = parseSs(text);
    expect(sockets.map((socket) => socketEndpoints(socket))).toEqual([
      ['172.25.0.2:7000', '172.25.0.3:54774'],
      ['127.0.0.1:7000', '127.0.0.1:39370'],
    ]);
  });
});
