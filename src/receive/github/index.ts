/**
 * Hooks signed the way GitHub signs (`X-Hub-Signature-256`): GitHub's own webhooks, hookbridge's
 * emit action, and anything else that copied GitHub's format. Deveo copied it too, so a push reads
 * the same here as there: outputs and a summary, nothing done in the repository.
 */
import * as z from "zod";
import { code, escapeText, link } from "../markdown.ts";
import { pushFacts, pushOutputs } from "../push.ts";
import type { ProviderReactions, ReceivedEvent } from "../reaction-contract.ts";

const account = z.looseObject({ login: z.string() });

const common = z.looseObject({
  action: z.string().optional(),
  repository: z
    .looseObject({
      full_name: z.string().optional(),
      name: z.string().optional(),
      html_url: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  // Deveo's shape, which hookbridge's emit action sends signed both ways: project/name.
  project: z.looseObject({ name: z.string() }).optional(),
  sender: account.optional(),
});

const push = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  created: z.boolean().default(false),
  deleted: z.boolean().default(false),
  forced: z.boolean().default(false),
  commits: z
    .array(z.looseObject({ id: z.string(), message: z.string(), url: z.string().optional() }))
    .default([]),
  pusher: z.looseObject({ name: z.string() }).optional(),
});

const pullRequest = z.looseObject({
  number: z.number(),
  pull_request: z.looseObject({
    title: z.string().optional(),
    html_url: z.string().optional(),
    head: z.looseObject({ ref: z.string(), sha: z.string() }),
  }),
});

export const githubReactions: ProviderReactions = {
  receive(event) {
    const about = common.safeParse(event.json).data ?? {};
    const named = about.repository?.name;
    const repository =
      about.repository?.full_name ??
      (about.project && named ? `${about.project.name}/${named}` : "");
    const facts: [string, string][] = [];
    if (repository) {
      const url = about.repository?.html_url ?? about.repository?.url;
      facts.push(["Repository", link(repository, url)]);
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
      async react() {},
      failures: () => [],
    };
    const pushed = push.safeParse(event.json);
    if (pushed.success) {
      const body = pushed.data;
      const pusher = body.pusher?.name ?? about.sender?.login ?? "";
      const details = { ...body, pusher, commitCount: body.commits.length };
      return {
        ...received,
        outputs: { ...received.outputs, ...pushOutputs(details) },
        facts: [...facts, ...pushFacts(details)],
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
          ["Pull request", link(`#${number} ${pr.title ?? ""}`.trim(), pr.html_url)],
          ["Head", `${code(pr.head.sha.slice(0, 12), true)} on ${code(pr.head.ref, true)}`],
        ],
      };
    }
    return received;
  },
};
