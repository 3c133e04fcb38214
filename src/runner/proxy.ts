/** The variables Node's agents read given `proxyEnv`, as curl and `@actions/http-client` do. */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the runner names a proxy for outgoing requests. */
export function namesProxy(env: Env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}
