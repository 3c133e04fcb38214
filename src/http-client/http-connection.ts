import type { Agent as HttpAgent, request as httpRequest } from "node:http";

/** One request, as emit delivers a hook and `fetchOver` sends Octokit's requests. */
export interface DeliveryRequest {
  readonly origin: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array<ArrayBuffer> | undefined;
  /** Ends the attempt: connecting, sending and reading the answer. */
  readonly signal: AbortSignal;
}

export interface DeliveryResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: AsyncIterable<Uint8Array>;
}

/** What delivers one request: {@link openConnection}'s, in the actions and in their tests. */
export interface Requester {
  request(options: DeliveryRequest): Promise<DeliveryResponse>;
}

/** The connections for one run (an action's whole process), and how to let go of them. */
export interface Connection {
  readonly dispatcher: Requester;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** Skip TLS verification, for receivers with self-signed certificates the user trusts. */
  readonly insecureSsl: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Requests over `node:http` and `node:https`. Their agents honour `HTTPS_PROXY`/`HTTP_PROXY` and
 * `NO_PROXY` when given the environment as `proxyEnv` (Node 24.5+: `http://` through the proxy,
 * `https://` through a `CONNECT` tunnel), so a self-hosted runner behind a proxy needs no new
 * setting. Node's own `fetch` would load its bundled undici at start, a large part of a cold start,
 * and honours a proxy only when the process starts with `NODE_USE_ENV_PROXY=1`; the undici package
 * would add far more than the action's own code to what it ships (docs/performance.md).
 */
export function openConnection(options: ConnectionOptions): Connection {
  const shared = { keepAlive: true, proxyEnv: { ...options.env } };
  const http = process.getBuiltinModule("node:http");
  const plain = { agent: new http.Agent(shared), request: http.request };
  let secure: typeof plain | undefined;
  // TLS is loaded only for an https:// receiver: a loopback or plain-HTTP run does not pay for it.
  const tls = () => {
    if (!secure) {
      const https = process.getBuiltinModule("node:https");
      const agent = new https.Agent({ ...shared, rejectUnauthorized: !options.insecureSsl });
      secure = { agent, request: https.request };
    }
    return secure;
  };
  return {
    dispatcher: {
      async request(options) {
        const client = options.origin.startsWith("https:") ? tls() : plain;
        return send(client.request, client.agent, options);
      },
    },
    async close() {
      plain.agent.destroy();
      secure?.agent.destroy();
    },
  };
}

function send(
  request: typeof httpRequest,
  agent: HttpAgent,
  options: DeliveryRequest,
): Promise<DeliveryResponse> {
  return new Promise((resolve, reject) => {
    try {
      const outgoing = request(
        new URL(options.path, options.origin),
        { method: options.method, headers: options.headers, agent, signal: options.signal },
        (response) =>
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: response.headers,
            body: response,
          }),
      );
      outgoing.on("error", reject);
      outgoing.end(options.body);
    } catch (error) {
      // An invalid header name or value is refused before anything is sent.
      reject(error);
    }
  });
}
