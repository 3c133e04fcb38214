import type { EncodedDispatch } from "../../core/envelope.ts";
import {
  ENVELOPE_INPUT,
  MAX_WORKFLOW_INPUTS_CHARACTERS,
  type StartedRun,
} from "../../core/workflow-dispatch.ts";
import type { NotAccepted } from "./answer.ts";
import { answerJson } from "./api.ts";

/**
 * What a dispatch starts in the repository: a `repository_dispatch` event (every workflow
 * subscribed to its type runs; GitHub says nothing of the runs), or one workflow's
 * `workflow_dispatch`, whose answer names the run it started (`return_run_details`).
 */
export type DispatchTarget =
  | { readonly kind: "repository_dispatch" }
  | {
      readonly kind: "workflow";
      /** The workflow's file name under `.github/workflows/`, e.g. `hookbridge.yml`. */
      readonly workflow: string;
      /** The branch or tag it runs on; `undefined`: the repository's default branch. */
      readonly ref: string | undefined;
    };

const WORKFLOW_FILE = /^[\w.-]{1,200}\.ya?ml$/;
// A branch or tag name as git allows it, less what could leave the path or the query.
const REF = /^(?!.*\.\.)(?!\/)(?!.*\/$)[\w./-]{1,200}$/;

/** Reads `HOOKBRIDGE_TARGET`: `repository_dispatch`, or `workflow:<file>[@<ref>]`. */
export function parseTarget(text: string): DispatchTarget | undefined {
  if (text === "repository_dispatch") return { kind: "repository_dispatch" };
  if (!text.startsWith("workflow:")) return undefined;
  const rest = text.slice("workflow:".length);
  const at = rest.indexOf("@");
  const workflow = at < 0 ? rest : rest.slice(0, at);
  const ref = at < 0 ? undefined : rest.slice(at + 1);
  if (!WORKFLOW_FILE.test(workflow) || (ref !== undefined && !REF.test(ref))) return undefined;
  return { kind: "workflow", workflow, ref };
}

/** The call that starts a workflow run for an encoded dispatch, or why it cannot be made. */
export function workflowDispatchBody(
  encoded: EncodedDispatch,
  ref: string,
): { readonly json: string } | { readonly tooLarge: number } {
  // The envelope goes as one JSON text input, exactly the `client_payload` it would have been.
  const inputs = { [ENVELOPE_INPUT]: JSON.stringify(encoded.request.client_payload) };
  const inputsJson = JSON.stringify(inputs);
  if (inputsJson.length > MAX_WORKFLOW_INPUTS_CHARACTERS) return { tooLarge: inputsJson.length };
  return {
    json: `{"ref":${JSON.stringify(ref)},"inputs":${inputsJson},"return_run_details":true}`,
  };
}

export function inputsTooLarge(characters: number): NotAccepted {
  return {
    kind: "failed",
    code: "workflow-inputs-too-large",
    reason: `The envelope is ${characters} characters as a workflow_dispatch input, past GitHub's ${MAX_WORKFLOW_INPUTS_CHARACTERS}; set HOOKBRIDGE_TARGET=repository_dispatch, whose payload is counted without the escaping an input adds, or have the provider send less per webhook.`,
  };
}

/**
 * The run GitHub names in its answer to a `workflow_dispatch` with `return_run_details` (a 200
 * with `workflow_run_id` and `html_url`); `undefined` for a 204 (a GitHub that predates it) or
 * an answer that does not hold a run's page on GitHub's own host.
 */
export async function startedRun(
  response: Response,
  repository: string,
): Promise<StartedRun | undefined> {
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  const { workflow_run_id: id, html_url: url } = await answerJson(response);
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) return undefined;
  // Shown and linked on the admin page: only a run page of the repository dispatched to.
  const page = typeof url === "string" ? URL.parse(url) : null;
  if (
    page === null ||
    (page.protocol !== "https:" && page.protocol !== "http:") ||
    !page.pathname.toLowerCase().startsWith(`/${repository.toLowerCase()}/actions/runs/`)
  )
    return undefined;
  return { id, url: page.href };
}
