// The program inside the lab's containers. Server: listens, accepts connections, sends 4 bytes on each and waits
// to read (like the reference article). Client: says it is ready, connects when the lab sends SIGUSR1 (so the
// lab can start capturing first), reads the 4 bytes, then waits — with --request-after-ms, then sends a request
// and says whether it was answered (a server with --answer answers every request); or, with --connections, opens
// a crowd of connections at --connect-rate a second (crowd.ts). Every socket event is printed as a JSON line (events.ts),
// or with --tally-ms a tally of them that often; the lab reads them from the container's log.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { openCrowd, Tally } from './crowd.ts';
import { emit, type Role } from './events.ts';
import { applyNodeOnly, applyToListener, applyToSocket, readOptions, type KeepaliveSettings } from './keepalive.ts';

const GREETING = Buffer.from('ping');
const REQUEST = Buffer.from('req?');
const ANSWER = Buffer.from('ans!');

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    port: { type: 'string', default: '7000' },
    connect: { type: 'string' },
    family: { type: 'string', default: '0' },
    'set-on': { type: 'string', default: 'none' },
    'idle-ms': { type: 'string', default: '0' },
    'interval-ms': { type: 'string', default: '0' },
    count: { type: 'string', default: '0' },
    'user-timeout-ms': { type: 'string', default: '0' },
    'write-every-ms': { type: 'string', default: '0' },
    'write-bytes': { type: 'string', default: '100' },
    connections: { type: 'string', default: '0' },
    'request-after-ms': { type: 'string', default: '0' },
    answer: { type: 'boolean', default: false },
    'connect-rate': { type: 'string', default: '1000' },
    'tally-ms': { type: 'string', default: '0' },
  },
});

const role = values.role as Role;
const setOn = values['set-on'];
const port = Number(values.port);
const settings: KeepaliveSettings = {
  idleMs: Number(values['idle-ms']),
  intervalMs: Number(values['interval-ms']),
  count: Number(values.count),
  userTimeoutMs: Number(values['user-timeout-ms']),
};

process.on('SIGTERM', () => process.exit(0)); // PID 1 gets no default SIGTERM handler
// A peer process outlives its connection, as an application does: if it exited, its container would stop and
// take its network interface with it, and the peer's kernel could no longer answer (e.g. with an RST).
setInterval(() => {}, 2 ** 30);
process.on('uncaughtException', (error) => {
  emit(role, 'fatal', { message: error.message });
  process.exit(1);
});

/** Every event of a connection names it by its endpoints, taken while the socket still knows them. */
function watch(socket: net.Socket, ends: Record<string, unknown>): void {
  socket.on('data', (chunk) => emit(role, 'data', { ...ends, bytes: chunk.length }));
  socket.on('end', () => emit(role, 'end', ends));
  socket.on('error', (error: NodeJS.ErrnoException) =>
    emit(role, 'error', { ...ends, code: error.code, errno: error.errno, syscall: error.syscall, message: error.message }),
  );
  socket.on('close', (hadError) => emit(role, 'close', { ...ends, hadError }));
}

/**
 * A busy server: `bytes` every `everyMs` (0 = idle), so data is nearly always in flight. It writes only while
 * Node holds no backlog: once the peer's window closes the kernel's buffers fill and the writes simply stop.
 */
function keepWriting(socket: net.Socket, everyMs: number, bytes: number): void {
  if (everyMs <= 0) return;
  const timer = setInterval(() => {
    if (!socket.writableNeedDrain) socket.write(Buffer.alloc(bytes));
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

function endpoints(socket: net.Socket): Record<string, unknown> {
  return { local: `${socket.localAddress}:${socket.localPort}`, remote: `${socket.remoteAddress}:${socket.remotePort}` };
}

const tallyMs = Number(values['tally-ms']);
const tally = tallyMs > 0 ? new Tally(role, tallyMs) : undefined;

function runServer(): void {
  const server = net.createServer((socket) => {
    if (setOn === 'accepted') applyToSocket(socket, settings);
    if (setOn === 'node-default') applyNodeOnly(socket, settings.idleMs);
    if (setOn === 'node-no-delay') applyNodeOnly(socket);
    if (tally) {
      tally.follow(socket);
    } else {
      const ends = endpoints(socket);
      emit(role, 'accepted', { ...ends, options: readOptions(socket) });
      watch(socket, ends);
    }
    socket.write(GREETING);
    if (values.answer) socket.on('data', () => socket.write(ANSWER));
    keepWriting(socket, Number(values['write-every-ms']), Number(values['write-bytes']));
  });
  server.listen(port, () => {
    if (setOn === 'listener') applyToListener(server, settings);
    emit(role, 'listening', { port, setOn, options: readOptions(server), versions: { node: process.version, uv: process.versions.uv } });
  });
}

function runClient(): void {
  const host = values.connect;
  if (!host) throw new Error('--connect HOST is required for the client role');
  const connections = Number(values.connections);
  process.once('SIGUSR1', () =>
    connections > 0 ? openCrowd(host, port, connections, Number(values['connect-rate']), tally ?? new Tally(role, 500)) : connect(host),
  );
  emit(role, 'ready');
}

function connect(host: string): void {
  const ends: Record<string, unknown> = {}; // filled once connected; an error before that names no endpoints
  const socket = net.connect({ host, port, family: Number(values.family) }, () => {
    if (setOn === 'socket') applyToSocket(socket, settings);
    Object.assign(ends, endpoints(socket));
    emit(role, 'connected', { ...ends, options: readOptions(socket) });
    const after = Number(values['request-after-ms']);
    if (after > 0) setTimeout(() => request(socket, ends), after);
  });
  watch(socket, ends);
}

/** Sends a request after the silence and says when its answer came (an error says itself, through watch). */
function request(socket: net.Socket, ends: Record<string, unknown>): void {
  socket.on('data', (chunk) => {
    if (chunk.includes(ANSWER)) emit(role, 'answered', ends);
  });
  socket.write(REQUEST);
  emit(role, 'request-sent', ends);
}

if (role === 'server') runServer();
else if (role === 'client') runClient();
else throw new Error(`--role must be server or client, got ${String(role)}`);
