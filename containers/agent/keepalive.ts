// Applies keepalive settings the way a Node program would, and reads back what the kernel really holds.
import type { Server, Socket } from 'node:net';
import NetKeepAlive from 'net-keepalive';
import { getIntOption, IPPROTO_TCP, setIntOption, SO_KEEPALIVE, SOL_SOCKET, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_USER_TIMEOUT } from './sockopt.ts';

export interface KeepaliveSettings {
  idleMs: number;
  intervalMs: number;
  count: number;
  userTimeoutMs: number; // 0 = not set (the kernel default)
}

export interface EffectiveOptions {
  keepalive: boolean;
  idleS: number;
  intervalS: number;
  count: number;
  userTimeoutMs: number;
}

/** Node's way on a connected socket. setKeepAlive resets interval 1 / count 10 (libuv), so it goes first. */
export function applyToSocket(socket: Socket, settings: KeepaliveSettings): void {
  socket.setKeepAlive(true, settings.idleMs);
  NetKeepAlive.setKeepAliveInterval(socket, settings.intervalMs);
  NetKeepAlive.setKeepAliveProbes(socket, settings.count);
  if (settings.userTimeoutMs > 0) NetKeepAlive.setUserTimeout(socket, settings.userTimeoutMs);
}

/** Node alone: setKeepAlive(true, idle), or setKeepAlive(true) with no delay at all (idle undefined). */
export function applyNodeOnly(socket: Socket, idleMs?: number): void {
  if (idleMs === undefined) socket.setKeepAlive(true);
  else socket.setKeepAlive(true, idleMs);
}

/** The reference article's way: options on the listening socket, inherited by every accepted socket.
 *  Node has no API for a listener's options, so this is plain setsockopt on its descriptor. */
export function applyToListener(server: Server, settings: KeepaliveSettings): void {
  const fd = descriptorOf(server);
  setIntOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
  setIntOption(fd, IPPROTO_TCP, TCP_KEEPIDLE, Math.floor(settings.idleMs / 1000));
  setIntOption(fd, IPPROTO_TCP, TCP_KEEPINTVL, Math.floor(settings.intervalMs / 1000));
  setIntOption(fd, IPPROTO_TCP, TCP_KEEPCNT, settings.count);
  if (settings.userTimeoutMs > 0) setIntOption(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, settings.userTimeoutMs);
}

export function readOptions(handleOwner: Server | Socket): EffectiveOptions {
  const fd = descriptorOf(handleOwner);
  return {
    keepalive: getIntOption(fd, SOL_SOCKET, SO_KEEPALIVE) === 1,
    idleS: getIntOption(fd, IPPROTO_TCP, TCP_KEEPIDLE),
    intervalS: getIntOption(fd, IPPROTO_TCP, TCP_KEEPINTVL),
    count: getIntOption(fd, IPPROTO_TCP, TCP_KEEPCNT),
    userTimeoutMs: getIntOption(fd, IPPROTO_TCP, TCP_USER_TIMEOUT),
  };
}

function descriptorOf(handleOwner: Server | Socket): number {
  const fd = (handleOwner as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no file descriptor yet');
  return fd;
}
