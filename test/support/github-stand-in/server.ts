/**
 * The HTTP side: one request goes through matching, authentication, OpenAPI validation,
 * scripted faults and then its handler, and every step leaves a trace in the request log or
 * the violation list.
 */
import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Authenticator } from "./auth.ts";
import type { FaultStep, Faults, RequestIdentity } from "./faults.ts";
import { generic, invalidRequest, notFound, type Reply, type RouteContext } from "./replies.ts";
import type { Router } from "./router.ts";
import { handlers } from "./routes/index.ts";
import type { Urls } from "./shapes.ts";
import type { StandInState } from "./state.ts";
import type { OpenApiValidator } from "./validator.ts";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** When the request arrived, by the stand-in's clock (milliseconds). */
  readonly at: number;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
  /** GitHub's operationId, when the path and method are part of the API. */
  operationId: string | undefined;
  /** The path template the request matched, e.g. `/repos/{owner}/{repo}/dispatches`. */
  template: string | undefined;
  /** The status sent, or null when none was (still pending, hung, reset, or client gone). */
  status: number | null;
  /** The JSON body sent back. */
  response: unknown;
  /** The scripted fault that answered this request, if any. */
  fault: FaultStep | undefined;
}

export interface ServerParts {
  readonly state: StandInState;
  readonly router: Router;
  readonly validator: OpenApiValidator;
  readonly auth: Authenticator;
  readonly faults: Faults;
  readonly requests: RecordedRequest[];
  readonly violations: string[];
  readonly htmlUrl: string;
}

const RATE_LIMIT = 5000;
const DOCS = "https://docs.github.com/rest";

export class StandInServer {
  readonly #parts: ServerParts;
  readonly #server: Server;
  readonly #closing = new AbortController();
  #urls: Urls = { api: "", html: "" };
  #used = 0;
  readonly #resetAt = Math.floor(Date.now() / 1000) + 3600;

  constructor(parts: ServerParts) {
    this.#parts = parts;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        parts.violations.push(`stand-in failure on ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent && !res.destroyed)
          this.#send(res, { status: 500, body: { message: "Server Error" } });
      });
    });
    // Clients with keep-alive pools must not hold the process open after close().
    this.#server.keepAliveTimeout = 1000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    const api = `http://127.0.0.1:${port}`;
    this.#urls = { api, html: this.#parts.htmlUrl };
    return api;
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #violation(entry: RecordedRequest, why: string): void {
    const op = entry.operationId ? ` (${entry.operationId})` : "";
    this.#parts.violations.push(`${entry.method} ${entry.path}${op}: ${why}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", this.#urls.api);
    const method = (req.method ?? "GET").toUpperCase();
    const text = raw.toString("utf8");
    const parsed = parseJson(text);
    const entry: RecordedRequest = {
      method,
      path: url.pathname,
      at: this.#parts.state.nowMs(),
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      body: text === "" ? undefined : parsed.ok ? parsed.value : text,
      operationId: undefined,
      template: undefined,
      status: null,
      response: undefined,
      fault: undefined,
    };
    this.#parts.requests.push(entry);
    const reply = (r: Reply) => {
      if (r.violation) this.#violation(entry, r.violation);
      entry.status = r.status;
      entry.response = r.body;
      this.#send(res, r);
    };

    const found = this.#parts.router.match(method, url.pathname);
    if (found.kind !== "found") {
      const why =
        found.kind === "no-method"
          ? `${method} is not an operation on ${found.template} in GitHub's OpenAPI description`
          : "no such path in GitHub's OpenAPI description";
      return reply({ ...notFound(DOCS), violation: why });
    }
    const { match } = found;
    entry.operationId = match.operationId;
    entry.template = match.template;
    const spec = this.#parts.validator.operation(match.operationId);
    const docsUrl = spec?.docsUrl ?? DOCS;

    const { owner: ownerParam, repo: repoParam } = match.params;
    const auth = this.#parts.auth.check(
      match.operationId,
      req.headers.authorization,
      this.#parts.state.nowMs(),
      typeof ownerParam === "string" && typeof repoParam === "string"
        ? `${ownerParam}/${repoParam}`
        : undefined,
    );
    if (!auth.ok) return reply(auth.reply);

    if (text !== "" && !parsed.ok) {
      return reply({
        status: 400,
        body: generic(400, "Problems parsing JSON", docsUrl),
        violation: "the body is not valid JSON",
      });
    }

    const params: Record<string, unknown> = { ...match.params };
    const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let invalid: Reply | undefined;
    if (spec) {
      const body =
        spec.requestBody?.schema && text === "" ? {} : parsed.ok ? parsed.value : undefined;
      const issues = this.#parts.validator.validateRequest(match.operationId, params, query, body);
      if (issues.length > 0) {
        const why = issues.map((i) => `${i.location}${i.pointer}: ${i.message}`).join("; ");
        const sentences = issues.map((i) => i.message);
        invalid = issues.some((i) => i.location === "path")
          ? { ...notFound(docsUrl), violation: why }
          : invalidRequest(docsUrl, sentences, why);
      }
    }

    const identity: RequestIdentity = {
      method,
      pathname: url.pathname,
      template: match.template,
      operationId: match.operationId,
    };
    const persistent = this.#parts.faults.delayFor(identity);
    if (persistent > 0 && !(await this.#wait(persistent))) return;
    const step = this.#parts.faults.take(identity, this.#parts.state.nowMs());
    if (step) {
      entry.fault = step;
      if (!(await this.#applyFault(step, req, reply))) return;
    }

    if (invalid) return reply(invalid);
    const handler = handlers[match.operationId];
    if (!handler) {
      return reply({
        status: 501,
        body: generic(501, `Not implemented in the stand-in: ${match.operationId}`, docsUrl),
        violation: `not implemented in the stand-in: ${match.operationId}`,
      });
    }
    const owner = params.owner;
    const repoName = params.repo;
    const fullName =
      typeof owner === "string" && typeof repoName === "string"
        ? `${owner}/${repoName}`
        : undefined;
    if (fullName !== undefined && !this.#parts.state.exists(fullName))
      return reply(notFound(docsUrl));
    const state = this.#parts.state;
    const context: RouteContext = {
      state,
      urls: this.#urls,
      docsUrl,
      params,
      query,
      body: parsed.ok ? parsed.value : undefined,
      credential: auth.credential,
      ...(auth.jwt ? { jwt: auth.jwt } : {}),
      pathname: url.pathname,
      search: url.searchParams,
      acceptToken: (token, expiresAtMs, covers) =>
        this.#parts.auth.remember(token, expiresAtMs, covers),
      repo: () => {
        if (fullName === undefined)
          throw new Error(`${match.operationId} is not a repository operation`);
        return state.repo(fullName);
      },
    };
    let answer: Reply;
    try {
      answer = handler(context);
    } catch (error) {
      answer = {
        status: 500,
        body: generic(500, "Server Error", docsUrl),
        violation: `stand-in handler failed: ${error instanceof Error ? error.stack : String(error)}`,
      };
    }
    return reply(answer);
  }

  /** Returns false when the stand-in closed meanwhile. */
  async #wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.#closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  /** Returns true when normal handling should continue after the step. */
  async #applyFault(
    step: FaultStep,
    req: IncomingMessage,
    reply: (r: Reply) => void,
  ): Promise<boolean> {
    if ("hang" in step) {
      this.#parts.faults.hung();
      return false;
    }
    if (step.delayMs !== undefined && !(await this.#wait(step.delayMs))) return false;
    if ("reset" in step) {
      req.socket.resetAndDestroy();
      return false;
    }
    if ("status" in step) {
      // GitHub's secondary limits leave the primary budget alone: no x-ratelimit-remaining: 0.
      const secondary = /secondary rate limit/i.test(JSON.stringify(step.body ?? ""));
      const rateLimited = (step.status === 429 || step.status === 403) && !secondary;
      reply({
        status: step.status,
        body: step.body ?? defaultFaultBody(step.status),
        headers: { ...(rateLimited ? { "x-ratelimit-remaining": "0" } : {}), ...step.headers },
      });
      return false;
    }
    return true;
  }

  #send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    this.#used++;
    const headers: Record<string, string> = {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": requestId(),
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(RATE_LIMIT - this.#used, 0)),
      "x-ratelimit-reset": String(this.#resetAt),
      "x-ratelimit-used": String(this.#used),
      "x-ratelimit-resource": "core",
    };
    if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    Object.assign(headers, reply.headers);
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}

function defaultFaultBody(status: number): unknown {
  if (status === 429 || status === 403) {
    return generic(
      status,
      "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.",
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    );
  }
  return generic(status, STATUS_CODES[status] ?? "Error", DOCS);
}

function requestId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex").toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}`;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
