import http from 'node:http';
import { AddressInfo } from 'node:net';
import type { ClusterServer } from '../server/ClusterServer';

export class ControlServer {
  private server?: http.Server;
  port = 0;
  constructor(private readonly servers: ClusterServer[], private readonly host = '127.0.0.1') {}
  get url() {
    return `http://${this.host}:${this.port}`;
  }
  async listen(port: number) {
    const server = http.createServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    void this.servers;
  }
  async close() {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>(r => s.close(() => r()));
    }
  }
}
