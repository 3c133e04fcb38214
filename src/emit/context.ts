import { readFileSync } from "node:fs";
import { HookbridgeError } from "../core/errors.ts";
import type { RunContext } from "./github-event.ts";

/** Reads what the runner says about this run from its `GITHUB_*` environment. */
export function readRunContext(env: Readonly<Record<string, string | undefined>>): RunContext {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) {
    throw new HookbridgeError(
      "ConfigError",
      "GITHUB_EVENT_PATH is not set, so there is no event to describe; run the emit action as a step of a GitHub Actions job.",
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new HookbridgeError(
      "ConfigError",
      "The event file at GITHUB_EVENT_PATH could not be read as JSON; run the emit action as a step of a GitHub Actions job.",
      { cause: error },
    );
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    event,
    sha: env.GITHUB_SHA ?? "",
    actor: env.GITHUB_ACTOR ?? "",
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
  };
}
