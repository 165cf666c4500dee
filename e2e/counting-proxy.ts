/**
 * An HTTP proxy in front of a test server that notes every request crossing it and the body bytes
 * answered. What the browser's HTTP cache or a service worker's cache answers never reaches it: it
 * tells a network fetch from a cached one without trusting the browser's own accounting (which
 * reports cache hits of a service worker's fetches with odd, negative body sizes).
 * WebSocket upgrades (Socket.IO) are passed through untouched.
 */
import http from 'node:http';
import net from 'node:net';

export interface Crossing {
  path: string;
  status: number;
  /** Body bytes as sent (compressed, if the server compressed). */
  bytes: number;
}

export interface CountingProxy {
  /** The proxy's origin: open pages here instead of the server's. */
  url: string;
  /** Every answer that went through, in the order they ended. */
  crossings(): readonly Crossing[];
  close(): Promise<void>;
}

export async function countingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const crossings: Crossing[] = [];
  const tunnels = new Set<net.Socket>();

  const server = http.createServer((request, response) => {
    const upstream = http.request(
      { host: hostname, port, method: request.method, path: request.url, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        let bytes = 0;
        answer.on('data', (chunk: Buffer) => (bytes += chunk.length));
        answer.on('end', () =>
          crossings.push({
            path: new URL(request.url ?? '/', 'http://proxy').pathname,
            status: answer.statusCode ?? 0,
            bytes,
          }),
        );
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });

  server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const upstream = net.connect(Number(port), hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
      for (let i = 0; i < request.rawHeaders.length; i += 2)
        lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const end of [upstream, socket]) {
      tunnels.add(end);
      end.on('close', () => tunnels.delete(end));
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    crossings: () => crossings,
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
