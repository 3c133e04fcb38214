import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One request as the receiver saw it, body as raw bytes. */
export interface Received {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `performance.now()` when the request had fully arrived. */
  readonly at: number;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Never answer (until the receiver closes). */
  readonly hang?: boolean;
  /** Send the status and body, then never finish the response. */
  readonly stall?: boolean;
  /** Answer once this settles (after `delayMs`, if both are given). */
  readonly after?: Promise<unknown>;
  /** Close the connection instead of answering. */
  readonly reset?: boolean;
}

/** Decides the answer; `count` is how many requests this path has had, this one included. */
export type Script = (request: Received, count: number) => Reply;

export interface Receiver {
  /** `http://127.0.0.1:PORT` or `https://…`, without a trailing slash. */
  readonly origin: string;
  readonly requests: Received[];
  /** Requests to one path, in arrival order. */
  to(path: string): Received[];
  close(): Promise<void>;
}

export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

let certificate: Certificate | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test file with openssl. */
export function selfSignedCertificate(): Certificate {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), "hookbridge-cert-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "ignore" },
    );
    certificate = { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ok: Script = () => ({ status: 200, body: "ok" });

/** A loopback HTTP (or, given a certificate, HTTPS) server that records every request. */
export async function startReceiver(script: Script = ok, tls?: Certificate): Promise<Receiver> {
  const requests: Received[] = [];
  const counts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: performance.now(),
      };
      requests.push(received);
      const path = received.path.split("?")[0] as string;
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const reply = script(received, count);
      if (reply.hang) return;
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      const respond = () => {
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        if (reply.stall) res.write(reply.body ?? "");
        else res.end(reply.body ?? "");
      };
      const answer = () => (reply.after ? void reply.after.then(respond) : respond());
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, reply.delayMs);
        timers.add(timer);
      } else {
        answer();
      }
    });
  };
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((request) => request.path.split("?")[0] === path),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Header lookup by lower-case name, for verifiers that want a plain record of strings. */
export function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (typeof value === "string") out[name] = value;
  return out;
}
