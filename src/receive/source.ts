import { readFile } from "node:fs/promises";
import { HookbridgeError } from "../core/errors.ts";
import type { Settings } from "./inputs.ts";

/** What the runner tells the action about the workflow run. */
export interface RunnerContext {
  readonly eventName: string;
  /** The workflow's own repository: where every reaction lands. */
  readonly owner: string;
  readonly repo: string;
  readonly serverUrl: string;
  readonly apiUrl: string;
  readonly eventPath: string | undefined;
  /** This workflow run's page, when the runner says which run this is. */
  readonly runUrl: string | undefined;
}

export function runnerContext(env: Readonly<Record<string, string | undefined>>): RunnerContext {
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const runId = env.GITHUB_RUN_ID;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    owner,
    repo,
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    runUrl:
      runId && owner && repo ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
  };
}

function clientPayloadOf(value: unknown): unknown {
  if (value && typeof value === "object" && "client_payload" in value)
    return (value as { client_payload: unknown }).client_payload;
  return undefined;
}

/**
 * Finds the relay's envelope: the `payload` input when given (a `workflow_dispatch`, or a
 * workflow that stored the envelope), else the `repository_dispatch` event's `client_payload`.
 */
export async function readEnvelope(settings: Settings, runner: RunnerContext): Promise<unknown> {
  if (settings.payload !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(settings.payload);
    } catch {
      throw new HookbridgeError(
        "InvalidPayload",
        "The payload input is not JSON: pass the relay's envelope as it arrived (for a repository_dispatch, toJSON(github.event.client_payload)).",
      );
    }
    // A whole dispatch event is accepted too: it is what people copy from a run's event file.
    return clientPayloadOf(parsed) ?? parsed;
  }
  let event: unknown = {};
  if (runner.eventPath) {
    try {
      event = JSON.parse(await readFile(runner.eventPath, "utf8"));
    } catch {
      event = {};
    }
  }
  const payload = clientPayloadOf(event);
  if (payload === undefined) {
    throw new HookbridgeError(
      "ConfigError",
      `This step ran on a ${runner.eventName || "unknown"} event, which carries no hookbridge envelope: run it on repository_dispatch (for example types: [deepsource.analysis_run.updated]) sent by a hookbridge relay, or pass the envelope in the payload input.`,
    );
  }
  return payload;
}
