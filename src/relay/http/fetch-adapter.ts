import type { RelayConfig } from "../config.ts";
import { toResponse } from "./answers.ts";
import { createRelayCore, type RelayDeps } from "./handler.ts";
import { readBody } from "./read-body.ts";
import type { RelayHandler } from "./request.ts";

/** The relay as a fetch handler, for Workers and for callers that hold a Web `Request`. */
export function createRelay(config: RelayConfig, deps: RelayDeps = {}): RelayHandler {
  const core = createRelayCore(config, deps);
  return async (request) => {
    const answer = await core({
      method: request.method,
      path: new URL(request.url).pathname,
      search: () => new URL(request.url).search,
      header: (name) => request.headers.get(name),
      body: (limit) => readBody(request, limit),
    });
    return toResponse(answer);
  };
}
