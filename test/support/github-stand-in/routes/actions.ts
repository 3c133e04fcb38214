import { type Handler, json, noContent, notFound, unprocessable } from "../replies.ts";

interface WorkflowDispatchBody {
  ref: string;
  inputs?: Record<string, unknown>;
  return_run_details?: boolean;
}

/** GitHub's documented cap on a dispatch's inputs, in characters of their JSON (prose only). */
const MAX_INPUTS_CHARACTERS = 65_535;

/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`, as GitHub answers
 * it: 404 for a workflow the repository does not have, 422 for a ref that does not exist or an
 * input the workflow does not declare, then the run it started (200 with `return_run_details`,
 * 204 without).
 */
export const createWorkflowDispatch: Handler = (context) => {
  const body = context.body as WorkflowDispatchBody;
  const repo = context.repo();
  const workflow = String(context.params.workflow_id);
  const declared = repo.workflows.get(workflow);
  if (declared === undefined) return notFound(context.docsUrl);
  const ref = body.ref.replace(/^refs\/heads\//, "");
  if (!repo.branches.has(ref))
    return { status: 422, body: { message: `No ref found for: ${body.ref}` } };
  const inputs = body.inputs ?? {};
  const unexpected = Object.keys(inputs).filter((name) => !declared.includes(name));
  if (unexpected.length > 0) {
    return {
      status: 422,
      body: {
        message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}`,
        documentation_url: context.docsUrl,
      },
    };
  }
  const size = JSON.stringify(inputs).length;
  if (size > MAX_INPUTS_CHARACTERS) {
    return unprocessable(
      context.docsUrl,
      "inputs are too large.",
      `inputs are ${size} characters of JSON; GitHub accepts at most ${MAX_INPUTS_CHARACTERS}`,
    );
  }
  const id = context.state.nextId("run");
  repo.workflowDispatches.push({
    id,
    workflow,
    ref,
    inputs,
    received_at: context.state.timestamp(),
  });
  if (body.return_run_details !== true) return noContent();
  return json(200, {
    workflow_run_id: id,
    run_url: `${context.urls.api}/repos/${repo.fullName}/actions/runs/${id}`,
    html_url: `${context.urls.html}/${repo.fullName}/actions/runs/${id}`,
  });
};
