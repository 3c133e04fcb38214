import type { RelayAnswer } from "./answers.ts";

/**
 * The admin surface (the Node relay with `HOOKBRIDGE_ADMIN_TOKEN`), kept in its own module and
 * out of the providers' path: it answers every request it is given, logging what it must itself.
 */
export type AdminRoutes = (request: RelayRequest, path: string) => Promise<RelayAnswer>;

/**
 * `POST /reports/{id}`, where the receive action reports what became of a delivery (the Node
 * relay in queue mode); `id` is the relay's id for it, decoded from the path.
 */
export type ReportRoute = (request: RelayRequest, id: string) => Promise<RelayAnswer>;

/** The relay's id for a delivery in `/reports/{id}`, still percent-encoded; undefined for other paths. */
export function reportPathId(path: string): string | undefined {
  return /^\/reports\/([^/]{1,300})$/.exec(path)?.[1];
}

/** Paths the admin surface owns: `/deliveries…`, `/metrics`, `/admin…`. */
export function isAdminPath(path: string): boolean {
  return (
    path === "/metrics" ||
    path === "/deliveries" ||
    path.startsWith("/deliveries/") ||
    path === "/admin" ||
    path.startsWith("/admin/")
  );
}

export type RelayHandler = (request: Request) => Promise<Response>;

/**
 * What the relay reads from one HTTP request. Each host adapts its own request to this, so the
 * Node host answers straight from `IncomingMessage` without building a Web `Request` first.
 */
export interface RelayRequest {
  readonly method: string;
  /** The URL's path without query, dot segments and percent-escapes as a WHATWG URL leaves them. */
  readonly path: string;
  /** The URL's query with its `?`, or ""; read only by the admin routes, so computed on demand. */
  search(): string;
  /** Case-insensitive; repeated fields joined with ", ", as `Headers.get` does. */
  header(name: string): string | null;
  /**
   * The raw body. Throws a `PayloadTooLarge` HookbridgeError as soon as more than `limit` bytes
   * are declared or arrive, whatever Content-Length said.
   */
  body(limit: number): Promise<Uint8Array<ArrayBuffer>>;
}

/** The relay, independent of any host: a request in, an answer out. */
export type RelayCore = (request: RelayRequest) => Promise<RelayAnswer>;
