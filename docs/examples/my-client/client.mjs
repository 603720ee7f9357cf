// A Redis client of one's own, as an application would write it with node:net: one connection, reconnected a second
// after it closes, a PING every LAB_REQUEST_EVERY_MS. The lines it prints come from lab-workload.mjs, which the lab
// puts beside every client's program (docs/clients.md › The application's lines).
import net from 'node:net';
import { errorFields, numberFrom, report, runRequests, server } from './lab-workload.mjs';

const keepAliveMs = numberFrom('MY_KEEPALIVE_MS');
const waiting = [];
let socket;

function connect() {
  socket = net.connect(server.port, server.host, () => {
    if (keepAliveMs !== undefined) socket.setKeepAlive(true, keepAliveMs);
    report('ready');
  });
  socket.on('data', (chunk) => {
    for (const reply of chunk.toString().split('\r\n').filter(Boolean)) waiting.shift()?.resolve(reply);
  });
  socket.on('error', (error) => report('error', errorFields(error)));
  socket.on('close', () => {
    report('close');
    for (const request of waiting.splice(0)) request.reject(Object.assign(new Error('the connection closed'), { code: 'ECONNCLOSED' }));
    setTimeout(connect, 1000);
  });
}

function ping() {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(Object.assign(new Error('not connected'), { code: 'ENOTCONN' }));
    waiting.push({ resolve, reject });
    socket.write('PING\r\n');
  });
}

connect();
runRequests(ping);
