// ioredis as an application uses it: one client, a PING every LAB_REQUEST_EVERY_MS; every option as ioredis ships
// it unless the lab gives IOREDIS_KEEPALIVE_MS (its keepAlive: the initial delay of Node's setKeepAlive).
import Redis from 'ioredis';
import { errorFields, numberFrom, report, runRequests, server } from './lab-workload.mjs';

const keepAlive = numberFrom('IOREDIS_KEEPALIVE_MS');
const redis = new Redis({ host: server.host, port: server.port, ...(keepAlive === undefined ? {} : { keepAlive }) });
redis.on('error', (error) => report('error', errorFields(error)));
redis.on('ready', () => report('ready'));
redis.on('close', () => report('close'));
redis.once('ready', () => runRequests(() => redis.ping()));
