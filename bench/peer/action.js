// A peer-equivalent action: what a typical JavaScript action does at start, with the libraries
// most ship (`@actions/core`, `@actions/github`, zod), bundled at bench time the way they ship
// them (`ncc build`, defaults). It reads its inputs and the event, validates the event with zod,
// builds the Octokit client and sets an output; it makes no request.
import * as core from "@actions/core";
import * as github from "@actions/github";
import { z } from "zod";

const envelope = z.object({
  action: z.string(),
  client_payload: z.object({ provider: z.string(), event: z.string() }).passthrough(),
  repository: z.object({ full_name: z.string() }).passthrough(),
});

try {
  const token = core.getInput("github-token", { required: true });
  core.setSecret(token);
  const event = envelope.parse(github.context.payload);
  const octokit = github.getOctokit(token);
  core.setOutput("event", event.client_payload.event);
  core.info(`${event.action} for ${event.repository.full_name} (client ${typeof octokit.rest})`);
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
