/**
 * The contract between the server and the route handlers, and the error bodies GitHub sends.
 */
import type { DecodedJwt } from "./auth.ts";
import type { Urls } from "./shapes.ts";
import type { RepoState, StandInState } from "./state.ts";

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Set when the request breaks a documented rule of the API that the OpenAPI description does
   * not encode (a length limit, a cross-field rule), so it is recorded as a violation.
   */
  readonly violation?: string;
}

export interface RouteContext {
  readonly state: StandInState;
  readonly urls: Urls;
  readonly docsUrl: string;
  /** Path parameters, coerced to their schema types (numbers for ids). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Query parameters, coerced to their schema types. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body, already checked against the operation's schema. */
  readonly body: unknown;
  /** The credential the request carried (token or JWT), without the scheme. */
  readonly credential: string;
  /** The decoded app JWT, for the app endpoints that take one. */
  readonly jwt?: DecodedJwt;
  /** Makes a minted installation token acceptable to later requests on the repositories it covers. */
  acceptToken(token: string, expiresAtMs: number, covers?: (fullName: string) => boolean): void;
  /** Path and query as received, for building pagination links. */
  readonly pathname: string;
  readonly search: URLSearchParams;
  /** The repository named by `{owner}/{repo}`; throws for operations outside a repository. */
  repo(): RepoState;
}

export type Handler = (context: RouteContext) => Reply;

function errorBody(message: string, docsUrl: string, status: number, extra: object = {}) {
  return { message, ...extra, documentation_url: docsUrl, status: String(status) };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}

export function notFound(docsUrl: string, message = "Not Found"): Reply {
  return { status: 404, body: errorBody(message, docsUrl, 404) };
}

export interface FieldError {
  readonly resource: string;
  readonly code: string;
  readonly field?: string;
  readonly message?: string;
}

/**
 * GitHub's "Validation Failed" answer. Pass `violation` when the client should have known better
 * (a documented limit), leave it out for ordinary outcomes such as a label that already exists.
 */
export function validationFailed(
  docsUrl: string,
  errors: readonly FieldError[],
  violation?: string,
): Reply {
  const body = errorBody("Validation Failed", docsUrl, 422, { errors });
  return violation ? { status: 422, body, violation } : { status: 422, body };
}

/** GitHub's answer when a body fails its JSON schema: "Invalid request." and the reasons. */
export function invalidRequest(
  docsUrl: string,
  reasons: readonly string[],
  violation: string,
): Reply {
  const message = `Invalid request.\n\n${reasons.join("\n")}`;
  return { status: 422, body: errorBody(message, docsUrl, 422), violation };
}

export function unprocessable(docsUrl: string, message: string, violation: string): Reply {
  return { status: 422, body: errorBody(message, docsUrl, 422), violation };
}

export function unauthorized(message: string, violation: string): Reply {
  return {
    status: 401,
    body: errorBody(message, "https://docs.github.com/rest", 401),
    violation,
  };
}

export function generic(status: number, message: string, docsUrl: string): unknown {
  return errorBody(message, docsUrl, status);
}

/**
 * Slices a list the way GitHub paginates (`per_page` default 30, at most 100) and adds the
 * `Link` header with first/prev/next/last relations when there is more than one page.
 */
export function paginate<T>(
  context: RouteContext,
  items: readonly T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(context.query.per_page ?? 30), 1), 100);
  const page = Math.max(Number(context.query.page ?? 1), 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string) => {
    const search = new URLSearchParams(context.search);
    search.set("per_page", String(perPage));
    search.set("page", String(target));
    return `<${context.urls.api}${context.pathname}?${search}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** Length the way GitHub counts characters: code points, not UTF-16 units. */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export const MAX_BODY_CHARACTERS = 65_536;
