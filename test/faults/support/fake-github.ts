import type { FetchLike } from "../../../src/relay/github/api.ts";

/** How the injected GitHub answers a dispatch in one fuzz case. */
export type Upstream =
  | "accept"
  | "500"
  | "502"
  | "429"
  | "403-rate-limit"
  | "401"
  | "404"
  | "422"
  | "network"
  | "hang";

export const UPSTREAMS: readonly Upstream[] = [
  "accept",
  "500",
  "502",
  "429",
  "403-rate-limit",
  "401",
  "404",
  "422",
  "network",
  "hang",
];

export interface DispatchCall {
  readonly url: string;
  readonly body: { event_type?: string; client_payload?: Record<string, unknown> };
  /** True when the fake answered 2xx: GitHub accepted this dispatch. */
  readonly accepted: boolean;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** The reason `AbortSignal.timeout` gives when its time is up. */
export function timeUp(): DOMException {
  return new DOMException("The operation was aborted due to timeout", "TimeoutError");
}

/**
 * A `fetch` standing in for api.github.com inside the process: it records every call and answers
 * as the current case says. It honours the abort signal like the real fetch, so a relay that
 * stops waiting sees the same rejection it would in production.
 */
export class FakeGitHub {
  readonly calls: DispatchCall[] = [];
  upstream: Upstream = "accept";
  #budget: AbortController | undefined;

  /**
   * The relay's answer deadline, as this GitHub experiences it: it runs out the moment GitHub goes
   * silent (a `hang`), with the reason a timer gives, and never while GitHub is answering. So a hang
   * costs no real wait, and a busy machine cannot make an answered dispatch late.
   */
  readonly deadline = (): AbortSignal => {
    this.#budget = new AbortController();
    return this.#budget.signal;
  };

  readonly fetch: FetchLike = async (input, init) => {
    const signal = init.signal ?? undefined;
    const body = JSON.parse(String(init.body ?? "{}")) as DispatchCall["body"];
    const upstream = this.upstream;
    this.calls.push({ url: input, body, accepted: upstream === "accept" && !signal?.aborted });
    if (signal?.aborted) throw signal.reason;
    switch (upstream) {
      case "accept":
        return new Response(null, { status: 204 });
      case "500":
      case "502":
        return json(Number(upstream), { message: "Server Error" });
      case "429":
        return json(429, { message: "API rate limit exceeded" }, { "retry-after": "7" });
      case "403-rate-limit":
        return json(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0" });
      case "401":
        return json(401, { message: "Bad credentials" });
      case "404":
        return json(404, { message: "Not Found" });
      case "422":
        return json(422, { message: "Validation Failed" });
      case "network":
        throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      case "hang":
        return new Promise<Response>((_, reject) => {
          if (!signal) return;
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
          this.#budget?.abort(timeUp());
        });
    }
  };
}
