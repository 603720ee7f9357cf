// node-postgres's Pool as an application uses it: `SELECT 1` every LAB_REQUEST_EVERY_MS; every option as pg ships
// it unless the lab gives PG_KEEPALIVE_INITIAL_DELAY_MS (then keepAlive: true with that initial delay).
import pg from 'pg';
import { errorFields, numberFrom, report, runRequests, server } from './lab-workload.mjs';

const delay = numberFrom('PG_KEEPALIVE_INITIAL_DELAY_MS');
const idleTimeoutMillis = numberFrom('PG_IDLE_TIMEOUT_MS');
const pool = new pg.Pool({
  host: server.host,
  port: server.port,
  user: 'postgres',
  database: 'postgres',
  ...(delay === undefined ? {} : { keepAlive: true, keepAliveInitialDelayMillis: delay }),
  ...(idleTimeoutMillis === undefined ? {} : { idleTimeoutMillis }),
});
pool.on('error', (error) => report('error', errorFields(error)));
pool.on('connect', () => report('ready'));
runRequests(() => pool.query('SELECT 1'));
