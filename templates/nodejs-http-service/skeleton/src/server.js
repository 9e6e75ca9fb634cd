// ${{ values.name }}: ${{ values.description }}
'use strict';

const http = require('node:http');

// Dyploma gives every pod its port and identity (the runtime contract).
const port = Number(process.env.DYPLOMA_PORT || 8080);
const identity = {
  service: process.env.DYPLOMA_SERVICE || '${{ values.name }}',
  version: process.env.DYPLOMA_VERSION || 'dev',
  environment: process.env.DYPLOMA_ENVIRONMENT || 'local',
  cluster: process.env.DYPLOMA_CLUSTER || 'local',
};

function log(message, fields = {}) {
  // One JSON object per line: what the platform's log view reads.
  console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields }));
}

let shuttingDown = false;

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/healthz') {
    // Readiness and liveness: fails while shutting down, so traffic drains first.
    send(shuttingDown ? 503 : 200, { status: shuttingDown ? 'stopping' : 'ok' });
    return;
  }
  if (req.url === '/' && req.method === 'GET') {
    send(200, { hello: 'world', ...identity });
    return;
  }
  send(404, { error: `no route ${req.method} ${req.url}` });
});

server.listen(port, () => log(`listening on ${port}`, identity));

process.on('SIGTERM', () => {
  shuttingDown = true;
  log('SIGTERM: finishing requests');
  server.close(() => process.exit(0));
});
