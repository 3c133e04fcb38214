import {
  type DeveoEvent,
  type DeveoEventName,
  type DeveoPush,
  deveoEvents,
} from "../../core/schemas/deveo.ts";
import { code, escapeText, linkInRepository, type RepositoryPlace } from "../markdown.ts";
import { branchOf, pushFacts, pushOutputs } from "../push.ts";
import {
  type Facts,
  knownEvent,
  noReactionNote,
  nothingToDo,
  type ProviderReactions,
  type ReceivedEvent,
  reportOnly,
} from "../reaction-contract.ts";

function pushEvent(body: DeveoPush, runner: RepositoryPlace): ReceivedEvent {
  const repository = `${body.project.name}/${body.repository.name}`;
  const where = branchOf(body.ref) || body.ref;
  return {
    title: `Deveo push to ${code(where)} in ${escapeText(repository)}`,
    outputs: {
      ...pushOutputs({
        ...body,
        commitCount: body.commit_count,
        pusher: body.pusher.name,
      }),
      repository,
    },
    facts: [
      ["Repository", linkInRepository(repository, body.repository.url, runner)],
      ...pushFacts(
        {
          ...body,
          commitCount: body.commit_count,
          pusher: body.pusher.display_name
            ? `${body.pusher.display_name} (${body.pusher.name})`
            : body.pusher.name,
        },
        runner,
      ),
    ],
    // Nothing to do in this repository: later steps act on the outputs.
    ...nothingToDo,
  };
}

function operationEvent(body: DeveoEvent<Exclude<DeveoEventName, "push">>): ReceivedEvent {
  const { project, repository } = body;
  const name = repository ? `${project.id}/${repository.id}` : project.id;
  const facts: Facts = [
    ["Operation", code(body.operation, true)],
    ["Project", `${escapeText(project.name)} (${code(project.id, true)})`],
  ];
  if (repository) {
    facts.push([
      "Repository",
      `${code(repository.id, true)}${repository.type ? ` (${escapeText(repository.type)})` : ""}`,
    ]);
  }
  facts.push(["By", escapeText(body.subject.id)]);
  return {
    title: `Deveo ${escapeText(body.type)} ${code(name)} ${escapeText(body.operation)}`,
    outputs: { repository: name, status: body.operation },
    facts,
    ...nothingToDo,
  };
}

export const reactions: ProviderReactions = {
  receive(event, { runner }) {
    const body = knownEvent(deveoEvents, event);
    const object = JSON.stringify(event.json);
    if (!body) {
      return reportOnly(`Deveo ${code(event.event)}`, { object }, [noReactionNote("Deveo hook")]);
    }
    const received =
      event.event === "push"
        ? pushEvent(body as DeveoEvent<"push">, runner)
        : operationEvent(body as DeveoEvent<Exclude<DeveoEventName, "push">>);
    return { ...received, outputs: { ...received.outputs, object } };
  },
};
