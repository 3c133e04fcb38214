/** The variables undici's `EnvHttpProxyAgent` reads, as curl and `@actions/http-client` do. */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the runner names a proxy for outgoing requests. */
export function namesProxy(env: Env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/**
 * `EnvHttpProxyAgent`'s options read from the run's environment rather than `process.env`, with
 * the agent's own precedence (lower case first), so a run given its environment is proxied by it.
 */
export function proxyOptions(env: Env): {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
} {
  const first = (...names: string[]) => names.map((name) => env[name]).find(Boolean);
  const httpProxy = first("http_proxy", "HTTP_PROXY");
  const httpsProxy = first("https_proxy", "HTTPS_PROXY");
  const noProxy = first("no_proxy", "NO_PROXY");
  return {
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}
