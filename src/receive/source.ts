import { readFileSync } from "node:fs";
import { utf8 } from "../core/bytes.ts";
import { bodyTooLarge, MAX_BODY_BYTES } from "../core/envelope.ts";
import { HookbridgeError } from "../core/errors.ts";
import { ENVELOPE_INPUT } from "../core/workflow-dispatch.ts";
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

/** The envelope to verify, and the `event_type` it was dispatched under, if it came by dispatch. */
export interface FoundEnvelope {
  readonly envelope: unknown;
  /**
   * The `repository_dispatch` event's `action` (the sender's `event_type`), when the run is one;
   * it chose which workflows run, so it must name the event the envelope holds.
   */
  readonly dispatchedAs: string | undefined;
}

async function readEvent(runner: RunnerContext): Promise<unknown> {
  if (!runner.eventPath) return {};
  try {
    // Synchronously: the run waits for this file anyway, and node:fs/promises would be loaded for
    // it alone, with Node's readline and file-watching modules (docs/performance.md).
    return JSON.parse(readFileSync(runner.eventPath, "utf8"));
  } catch {
    return {};
  }
}

function dispatchedAs(runner: RunnerContext, event: unknown): string | undefined {
  if (runner.eventName !== "repository_dispatch") return undefined;
  const action =
    event && typeof event === "object" && "action" in event
      ? (event as { action: unknown }).action
      : undefined;
  // A dispatch always has one; an empty string still has to match, and so fails.
  return typeof action === "string" ? action : "";
}

/** An envelope given as JSON text (the `payload` input, a workflow's `envelope` input), parsed. */
function parseEnvelopeText(text: string, what: string, hint: string): unknown {
  // Text is at least one byte per UTF-16 unit, so a payload this long is too large uncounted.
  if (text.length > MAX_BODY_BYTES || utf8(text).length > MAX_BODY_BYTES)
    throw bodyTooLarge(`${what} comes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HookbridgeError("InvalidPayload", `${what} is not JSON: ${hint}`);
  }
  // A whole dispatch event is accepted too: it is what people copy from a run's event file.
  return clientPayloadOf(parsed) ?? parsed;
}

/** The `envelope` input of a `workflow_dispatch` a relay sent (`HOOKBRIDGE_TARGET=workflow:…`). */
function workflowInput(runner: RunnerContext, event: unknown): string | undefined {
  if (runner.eventName !== "workflow_dispatch" || !event || typeof event !== "object")
    return undefined;
  const inputs = (event as { inputs?: unknown }).inputs;
  const value =
    inputs && typeof inputs === "object"
      ? (inputs as Record<string, unknown>)[ENVELOPE_INPUT]
      : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Finds the relay's envelope: the `payload` input when given (a workflow that stored the
 * envelope), else a `workflow_dispatch`'s `envelope` input (a relay's workflow target), else the
 * `repository_dispatch` event's `client_payload`.
 */
export async function readEnvelope(
  settings: Settings,
  runner: RunnerContext,
): Promise<FoundEnvelope> {
  const event = await readEvent(runner);
  if (settings.payload !== undefined) {
    return {
      envelope: parseEnvelopeText(
        settings.payload,
        "The payload input",
        "pass the relay's envelope as it arrived (for a repository_dispatch, toJSON(github.event.client_payload)).",
      ),
      dispatchedAs: dispatchedAs(runner, event),
    };
  }
  const input = workflowInput(runner, event);
  if (input !== undefined) {
    return {
      envelope: parseEnvelopeText(
        input,
        `The workflow_dispatch input ${ENVELOPE_INPUT}`,
        "a hookbridge relay sends the envelope there as JSON text; run the workflow from the relay, not by hand.",
      ),
      dispatchedAs: undefined,
    };
  }
  const payload = clientPayloadOf(event);
  if (payload === undefined) {
    throw new HookbridgeError(
      "ConfigError",
      `This step ran on a ${runner.eventName || "unknown"} event, which carries no hookbridge envelope: run it on repository_dispatch (for example types: [deepsource.analysis_run.updated]) or on a workflow_dispatch with an ${ENVELOPE_INPUT} input, sent by a hookbridge relay, or pass the envelope in the payload input.`,
    );
  }
  return { envelope: payload, dispatchedAs: dispatchedAs(runner, event) };
}
