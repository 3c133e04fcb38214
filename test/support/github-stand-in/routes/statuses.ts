import {
  characters,
  type Handler,
  json,
  paginate,
  unprocessable,
  validationFailed,
} from "../replies.ts";
import * as shapes from "../shapes.ts";
import { isCommitSha, type StatusRecord } from "../state.ts";

/** Documented in prose only: a longer description is a 422, not a truncation. */
const MAX_DESCRIPTION = 140;

interface StatusBody {
  state: StatusRecord["state"];
  target_url?: string | null;
  description?: string | null;
  context?: string;
}

export const createCommitStatus: Handler = (context) => {
  const body = context.body as StatusBody;
  const sha = context.params.sha as string;
  if (!isCommitSha(sha)) {
    return unprocessable(
      context.docsUrl,
      `No commit found for SHA: ${sha}`,
      `"${sha}" is not a full commit SHA`,
    );
  }
  const description = body.description ?? null;
  if (description !== null && characters(description) > MAX_DESCRIPTION) {
    return validationFailed(
      context.docsUrl,
      [
        {
          resource: "Status",
          code: "custom",
          field: "description",
          message: `description is too long (maximum is ${MAX_DESCRIPTION} characters)`,
        },
      ],
      `status description is ${characters(description)} characters; GitHub allows ${MAX_DESCRIPTION}`,
    );
  }
  const repo = context.repo();
  const record: StatusRecord = {
    id: context.state.nextId("status"),
    sha: sha.toLowerCase(),
    state: body.state,
    target_url: body.target_url ?? null,
    description,
    context: body.context ?? "default",
    created_at: context.state.timestamp(),
  };
  repo.statuses.push(record);
  return json(201, shapes.status(context.urls, repo, record));
};

export const listCommitStatusesForRef: Handler = (context) => {
  const repo = context.repo();
  const sha = repo.resolveRef(context.params.ref as string).toLowerCase();
  // Newest first: the first status for a context is its current one.
  const statuses = repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
  const page = paginate(context, statuses);
  return json(
    200,
    page.items.map((s) => shapes.status(context.urls, repo, s)),
    page.headers,
  );
};
