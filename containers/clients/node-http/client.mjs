// Node's own HTTP client as an application uses it: a GET every LAB_REQUEST_EVERY_MS through a keep-alive agent —
// Node's global agent as it ships, or one with keepAliveMsecs = HTTP_KEEPALIVE_MSECS when the lab gives it.
import http from 'node:http';
import { errorFields, numberFrom, report, runRequests, server } from './lab-workload.mjs';

const keepAliveMsecs = numberFrom('HTTP_KEEPALIVE_MSECS');
const agent = keepAliveMsecs === undefined ? http.globalAgent : new http.Agent({ keepAlive: true, keepAliveMsecs });
agent.on('free', () => report('ready'));

function get() {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: server.host, port: server.port, path: '/', agent }, (response) => {
      response.resume();
      response.on('end', resolve);
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

process.on('uncaughtException', (error) => report('error', errorFields(error)));
runRequests(get);
