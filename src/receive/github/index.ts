/**
 * Hooks signed the way GitHub signs (`X-Hub-Signature-256`): GitHub's own webhooks, hookbridge's
 * emit action, and anything else that copied GitHub's format. Deveo copied it too, so a push reads
 * the same here as there: outputs and a summary, nothing done in the repository.
 */
import * as z from "zod/mini";
import { code, escapeText, linkInRepository } from "../markdown.ts";
import { pushFacts, pushOutputs } from "../push.ts";
import { nothingToDo, type ProviderReactions, type ReceivedEvent } from "../reaction-contract.ts";

const account = z.looseObject({ login: z.string() });

const common = z.looseObject({
  action: z.optional(z.string()),
  repository: z.optional(
    z.looseObject({
      full_name: z.optional(z.string()),
      name: z.optional(z.string()),
      html_url: z.optional(z.string()),
      url: z.optional(z.string()),
    }),
  ),
  // Deveo's shape, which hookbridge's emit action sends signed both ways: project/name.
  project: z.optional(z.looseObject({ name: z.string() })),
  sender: z.optional(account),
});

const push = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  created: z._default(z.boolean(), false),
  deleted: z._default(z.boolean(), false),
  forced: z._default(z.boolean(), false),
  commits: z._default(
    z.array(z.looseObject({ id: z.string(), message: z.string(), url: z.optional(z.string()) })),
    [],
  ),
  pusher: z.optional(z.looseObject({ name: z.string() })),
});

const pullRequest = z.looseObject({
  number: z.number(),
  pull_request: z.looseObject({
    title: z.optional(z.string()),
    html_url: z.optional(z.string()),
    head: z.looseObject({ ref: z.string(), sha: z.string() }),
  }),
});

export const reactions: ProviderReactions = {
  receive(event, { runner }) {
    const about = common.safeParse(event.json).data ?? {};
    const named = about.repository?.name;
    const repository =
      about.repository?.full_name ??
      (about.project && named ? `${about.project.name}/${named}` : "");
    const facts: [string, string][] = [];
    if (repository) {
      const url = about.repository?.html_url ?? about.repository?.url;
      facts.push(["Repository", linkInRepository(repository, url, runner)]);
    }
    if (about.action) facts.push(["Action", code(about.action, true)]);
    if (about.sender) facts.push(["Sender", escapeText(about.sender.login)]);
    const received: ReceivedEvent = {
      title: `GitHub-signed ${code(event.event)}${repository ? ` hook from ${escapeText(repository)}` : " hook"}`,
      outputs: {
        object: JSON.stringify(event.json),
        repository,
        status: about.action ?? "",
      },
      facts,
      ...nothingToDo,
    };
    const pushed = push.safeParse(event.json);
    if (pushed.success) {
      const body = pushed.data;
      const pusher = body.pusher?.name ?? about.sender?.login ?? "";
      const details = { ...body, pusher, commitCount: body.commits.length };
      return {
        ...received,
        outputs: { ...received.outputs, ...pushOutputs(details) },
        facts: [...facts, ...pushFacts(details, runner)],
      };
    }
    const pull = pullRequest.safeParse(event.json);
    if (pull.success) {
      const { number, pull_request: pr } = pull.data;
      return {
        ...received,
        outputs: {
          ...received.outputs,
          "pull-request": String(number),
          branch: pr.head.ref,
          commit: pr.head.sha,
        },
        facts: [
          ...facts,
          [
            "Pull request",
            linkInRepository(`#${number} ${pr.title ?? ""}`.trim(), pr.html_url, runner),
          ],
          ["Head", `${code(pr.head.sha.slice(0, 12), true)} on ${code(pr.head.ref, true)}`],
        ],
      };
    }
    return received;
  },
};
