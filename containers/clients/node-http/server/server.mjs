// Node's own HTTP server: 200 to every request, idle keep-alive connections held for 60 s.
import http from 'node:http';

const server = http.createServer((request, response) => {
  request.resume();
  response.end('ok\n');
});
server.keepAliveTimeout = 60_000;
server.listen(8080, '0.0.0.0', () => console.log('listening on 8080'));
