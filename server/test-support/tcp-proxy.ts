/**
 * A tiny TCP proxy for tests: several server processes behind one address, as Caddy or nginx put
 * them (`docs/scaleout/`). Each new connection goes to the next upstream in turn; one that refuses
 * (a process stopped for a rolling restart) is skipped for the next, as a balancer's passive
 * health check does. Bytes pass through untouched: HTTP keep-alive and WebSocket alike. Not
 * sticky: screens use WebSocket only, which needs no stickiness. Never used by the product.
 */
import net from 'node:net';

export interface TcpProxy {
  url: string;
  /** Connections that went to each upstream port, for the test to see both were used. */
  readonly served: Map<number, number>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreams: () => number[]): Promise<TcpProxy> {
  let turn = 0;
  const served = new Map<number, number>();
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const ports = upstreams();
    const start = turn++;
    const attempt = (tried: number) => {
      if (tried >= ports.length || client.destroyed) {
        client.destroy();
        return;
      }
      const port = ports[(start + tried) % ports.length]!;
      const upstream = net.connect(port, '127.0.0.1');
      open.add(upstream);
      upstream.on('close', () => open.delete(upstream));
      let connected = false;
      // Refused: the next upstream; failed once connected: the client sees its connection drop.
      upstream.on('error', () => (connected ? client.destroy() : attempt(tried + 1)));
      upstream.once('connect', () => {
        connected = true;
        served.set(port, (served.get(port) ?? 0) + 1);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
