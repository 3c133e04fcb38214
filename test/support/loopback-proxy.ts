import { createServer, request as forwardRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

/** What the proxy was asked for: `CONNECT host:port` tunnels and absolute-URL forwards. */
export interface LoopbackProxy {
  /** For HTTP_PROXY / HTTPS_PROXY. */
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * The smallest real proxy a self-hosted runner could sit behind: plain HTTP requests are forwarded
 * (the client sends the absolute URL), HTTPS goes through a `CONNECT` tunnel. It records every
 * request so a test can prove the client used it.
 */
export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const target = new URL(incoming.url ?? "");
    const upstream = forwardRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.on("connect", (incoming, socket, head) => {
    seen.push(`CONNECT ${incoming.url}`);
    const [host = "", port = ""] = (incoming.url ?? "").split(/:(?=\d+$)/);
    const tunnel = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      tunnel.write(head);
      tunnel.pipe(socket);
      socket.pipe(tunnel);
    });
    tunnel.on("error", () => socket.destroy());
    socket.on("error", () => tunnel.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
