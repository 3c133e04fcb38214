import * as z from "zod/mini";

// GitHub names the event in the `x-github-event` header, not in the body, and its payloads are
// described (and checked) by GitHub's own tooling; here any JSON object is a valid envelope.
export const githubEnvelope = z.looseObject({});
export type GithubEnvelope = z.infer<typeof githubEnvelope>;

export const githubEvents: Record<string, z.ZodMiniType> = {};
