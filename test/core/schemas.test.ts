import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  eventNameFor,
  PROVIDER_NAMES,
  type ProviderName,
  parseEvent,
} from "../../src/core/providers.ts";
import {
  analysisRunSchema,
  type DeepsourceEvent,
  deepsourceEvents,
  dejacodeEvents,
  deveoEvents,
  devrevEvents,
} from "../../src/core/schemas/index.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);

type Json = Record<string, unknown>;

function fixture(provider: string, event: string): Json {
  return JSON.parse(readFileSync(new URL(`${provider}/${event}.json`, FIXTURES), "utf8")) as Json;
}

function fixtureNames(provider: string): string[] {
  return readdirSync(new URL(`${provider}/`, FIXTURES))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** Walks a dotted path with numeric array indices, e.g. `data.object.checks.0`; "" is the root. */
function at(value: unknown, path: string): Json {
  let node = value;
  for (const key of path ? path.split(".") : []) node = (node as Record<string, unknown>)[key];
  return node as Json;
}

function without(body: Json, parentPath: string, key: string): Json {
  const copy = structuredClone(body);
  delete at(copy, parentPath)[key];
  return copy;
}

function expectFailure(provider: ProviderName, event: string, body: unknown): string {
  const result = parseEvent(provider, event, body);
  if (result.ok) throw new Error(`expected ${provider}/${event} to be rejected`);
  return result.message;
}

const TYPED_EVENTS: Record<string, Record<string, unknown>> = {
  deepsource: deepsourceEvents,
  devrev: devrevEvents,
  dejacode: dejacodeEvents,
  deveo: deveoEvents,
};

describe("fixtures", () => {
  it("cover every DeepSource, DevRev work, DejaCode event and the Deveo hooks on the vendor pages", () => {
    expect(fixtureNames("deepsource")).toEqual(Object.keys(deepsourceEvents).sort());
    expect(fixtureNames("devrev")).toEqual(Object.keys(devrevEvents).sort());
    expect(fixtureNames("dejacode")).toEqual(Object.keys(dejacodeEvents).sort());
    expect(fixtureNames("deveo")).toEqual(["project.created", "push", "repository.created"]);
  });

  for (const provider of Object.keys(TYPED_EVENTS) as ProviderName[]) {
    for (const event of fixtureNames(provider)) {
      it(`${provider}/${event} parses with its own event schema`, () => {
        expect(Object.hasOwn(TYPED_EVENTS[provider] ?? {}, event)).toBe(true);
        const body = fixture(provider, event);
        const result = parseEvent(provider, event, body);
        expect(result).toEqual({ ok: true, value: body });
      });
    }
  }
});

describe("DeepSource objects reject a missing required field with the exact path", () => {
  const cases: [object: string, event: string, parent: string, field: string, message: string][] = [
    [
      "AnalysisRun",
      "analysis_run.started",
      "data.object",
      "commitOid",
      "data.object.commitOid: expected a string, received undefined",
    ],
    [
      "Check",
      "analysis_run.updated",
      "data.object.checks.2",
      "status",
      "data.object.checks[2].status: expected a string, received undefined",
    ],
    [
      "RepositoryMetric",
      "analysis_run.updated",
      "data.object.checks.2.metrics.1",
      "positiveDirection",
      "data.object.checks[2].metrics[1].positiveDirection: expected a string, received undefined",
    ],
    [
      "MetricValue",
      "analysis_run.updated",
      "data.object.checks.2.metrics.0.items.0.values.0",
      "thresholdStatus",
      "data.object.checks[2].metrics[0].items[0].values[0].thresholdStatus: expected a string, received undefined",
    ],
    [
      "Analyzer",
      "analysis_run.started",
      "data.object.checks.0.analyzer",
      "shortcode",
      "data.object.checks[0].analyzer.shortcode: expected a string, received undefined",
    ],
    [
      "AutofixRun",
      "autofix_run.updated",
      "data.object",
      "runUid",
      "data.object.runUid: expected a string, received undefined",
    ],
    [
      "Issue",
      "autofix_run.started",
      "data.object.affectedIssues.0",
      "category",
      "data.object.affectedIssues[0].category: expected a string, received undefined",
    ],
    [
      "Repository",
      "repository.analysis.activated",
      "data.object",
      "defaultBranch",
      "data.object.defaultBranch: expected a string, received undefined",
    ],
    [
      "Account",
      "repository.analysis.deactivated",
      "data.object.account",
      "login",
      "data.object.account.login: expected a string, received undefined",
    ],
    [
      "RepositoryIssue",
      "repository_issue.introduced",
      "data.object",
      "issue",
      "data.object.issue: expected an object, received undefined",
    ],
    [
      "Occurrence",
      "repository_issue.introduced",
      "data.object.occurrences.0",
      "beginLine",
      "data.object.occurrences[0].beginLine: expected a number, received undefined",
    ],
    [
      "TeamMember",
      "team_member.added",
      "data.object",
      "role",
      "data.object.role: expected a string, received undefined",
    ],
    [
      "User",
      "team_member.removed",
      "data.object.user",
      "email",
      "data.object.user.email: expected a string, received undefined",
    ],
    [
      "team_member.updated data",
      "team_member.updated",
      "data",
      "oldRole",
      "data.oldRole: expected a string, received undefined",
    ],
    [
      "repository_issue.resolved data",
      "repository_issue.resolved",
      "data",
      "issueOccurrencesResolved",
      "data.issueOccurrencesResolved: expected a number, received undefined",
    ],
    ["envelope", "test.event", "", "createdAt", "createdAt: expected a number, received undefined"],
  ];

  for (const [object, event, parent, field, message] of cases) {
    it(`${object} without ${field}`, () => {
      const broken = without(fixture("deepsource", event), parent, field);
      expect(expectFailure("deepsource", event, broken)).toBe(message);
    });
  }

  it("reports a wrong type and a wrong object tag with what was received", () => {
    const body = fixture("deepsource", "analysis_run.started");
    at(body, "data.object.checks.0").status = 5;
    expect(expectFailure("deepsource", "analysis_run.started", body)).toBe(
      "data.object.checks[0].status: expected a string, received a number",
    );
    const tagged = fixture("deepsource", "analysis_run.started");
    at(tagged, "data.object").object = "Check";
    expect(expectFailure("deepsource", "analysis_run.started", tagged)).toBe(
      'data.object.object: expected "AnalysisRun", received "Check"',
    );
  });

  it("rejects a body whose type is not the event it is parsed as", () => {
    const body = fixture("deepsource", "analysis_run.updated");
    expect(expectFailure("deepsource", "analysis_run.started", body)).toBe(
      'type: expected "analysis_run.started", received "analysis_run.updated"',
    );
  });

  it("accepts null where the samples show null and statuses DeepSource adds later", () => {
    const body = fixture("deepsource", "analysis_run.updated");
    at(body, "data.object").status = "SOME_FUTURE_STATUS";
    at(body, "data.object.checks.0").finishedAt = null;
    const result = parseEvent("deepsource", "analysis_run.updated", body);
    expect(result.ok).toBe(true);
    expect(analysisRunSchema().parse(at(body, "data.object")).status).toBe("SOME_FUTURE_STATUS");
  });

  it("types the parsed event (compile-time check)", () => {
    const body = fixture("deepsource", "analysis_run.started");
    const event: DeepsourceEvent<"analysis_run.started"> =
      deepsourceEvents["analysis_run.started"].parse(body);
    const commit: string = event.data.object.commitOid;
    const finished: number | null = event.data.object.checks[0]?.finishedAt ?? null;
    expect([commit, finished]).toEqual(["99da4fzf3e680e28c3z86afebz3693d3f80bf67b", null]);
  });
});

describe("unknown fields pass through", () => {
  const cases: [ProviderName, string, string][] = [
    ["deepsource", "analysis_run.updated", "data.object.repository.account"],
    ["deepsource", "repository_issue.introduced", "data.object.occurrences.0"],
    ["devrev", "work_updated", "work_updated.old_work.stage"],
    ["dejacode", "request_comment.added", "data.request"],
    ["deveo", "push", "commits.0.author"],
    ["deveo", "repository.created", "repository"],
  ];

  for (const [provider, event, path] of cases) {
    it(`${provider}/${event}: at the top level and at ${path}`, () => {
      const body = fixture(provider, event);
      body.hookbridgeExtra = { list: [1, "two"], flag: true };
      at(body, path).futureField = { nested: null };
      const result = parseEvent(provider, event, body);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(at(result.value, path).futureField).toEqual({ nested: null });
      expect((result.value as Json).hookbridgeExtra).toEqual({ list: [1, "two"], flag: true });
    });
  }
});

describe("DevRev", () => {
  it("keeps nanosecond timestamps as text and rejects malformed ones", () => {
    const body = fixture("devrev", "work_created");
    const result = parseEvent("devrev", "work_created", body);
    expect(result.ok && (result.value as Json).timestamp).toBe("2022-08-01T12:00:00.123456789Z");

    for (const timestamp of ["2022-08-01T12:00:00+05:30", "2022-08-01t12:00:00.1z"]) {
      expect(parseEvent("devrev", "work_created", { ...body, timestamp }).ok).toBe(true);
    }
    for (const timestamp of [
      "2022-08-01T12:00:00.1234567890Z",
      "2022-08-01T12:00:00",
      "yesterday",
    ]) {
      expect(expectFailure("devrev", "work_created", { ...body, timestamp })).toBe(
        `timestamp: expected an RFC 3339 timestamp (up to nanoseconds), received ${JSON.stringify(timestamp)}`,
      );
    }
  });

  it("requires the work object and reports where it is missing", () => {
    const body = fixture("devrev", "work_updated");
    expect(expectFailure("devrev", "work_updated", without(body, "work_updated", "work"))).toBe(
      "work_updated.work: expected an object, received undefined",
    );
    expect(
      expectFailure("devrev", "work_updated", without(body, "work_updated.work", "title")),
    ).toBe("work_updated.work.title: expected a string, received undefined");
    const created = fixture("devrev", "work_created");
    expect(
      expectFailure("devrev", "work_created", without(created, "work_created.work", "owned_by")),
    ).toBe("work_created.work.owned_by: expected an array, received undefined");
  });

  it("checks that the data sits under the key named by type, even for unknown types", () => {
    const verify = fixture("devrev", "verify");
    expect(expectFailure("devrev", "verify", without(verify, "verify", "challenge"))).toBe(
      "verify.challenge: expected a string, received undefined",
    );
    const partCreated = {
      ...verify,
      type: "part_created",
      part_created: { part: { id: "PROD-1" } },
    };
    expect(parseEvent("devrev", "part_created", partCreated).ok).toBe(true);
    const { part_created: _, ...missing } = partCreated;
    expect(expectFailure("devrev", "part_created", missing)).toBe(
      'part_created: expected an object holding the "part_created" event data, received undefined',
    );
  });
});

describe("DejaCode", () => {
  it("accepts the text-only body vulnerability events use, and rejects it for request events", () => {
    const text = fixture("dejacode", "vulnerability.data_update");
    expect(parseEvent("dejacode", "vulnerability.data_update", text).ok).toBe(true);
    expect(expectFailure("dejacode", "request.added", text)).toBe(
      "hook: expected an object, received undefined",
    );
  });

  it("checks hook.event and the serialized request", () => {
    const body = fixture("dejacode", "request.updated");
    expect(expectFailure("dejacode", "request.added", body)).toBe(
      'hook.event: expected "request.added", received "request.updated"',
    );
    const broken = without(body, "data", "status");
    expect(expectFailure("dejacode", "request.updated", broken)).toBe(
      "data.status: expected a string, received undefined",
    );
    const comment = fixture("dejacode", "request_comment.added");
    at(comment, "data.request").is_private = "no";
    expect(expectFailure("dejacode", "request_comment.added", comment)).toBe(
      "data.request.is_private: expected a boolean, received a string",
    );
  });
});

describe("Deveo", () => {
  it("checks push commits and operation hooks", () => {
    const push = fixture("deveo", "push");
    at(push, "commits.0").modified = "readme";
    expect(expectFailure("deveo", "push", push)).toBe(
      "commits[0].modified: expected an array, received a string",
    );
    const repo = fixture("deveo", "repository.created");
    expect(expectFailure("deveo", "repository.created", without(repo, "", "repository"))).toBe(
      "repository: expected an object, received undefined",
    );
    expect(expectFailure("deveo", "project.created", repo)).toBe(
      'type: expected "project", received "repository"',
    );
    expect(parseEvent("deveo", "repository.deleted", { ...repo, operation: "deleted" }).ok).toBe(
      true,
    );
  });
});

describe("events without a schema of their own validate against the envelope only", () => {
  const cases: [ProviderName, string, unknown, string][] = [
    [
      "deepsource",
      "billing.plan_changed",
      { id: "1", type: "billing.plan_changed", createdAt: 1, data: { plan: "team" } },
      "data: expected an object, received undefined",
    ],
    [
      "devrev",
      "conversation_created",
      {
        id: "e",
        webhook_id: "w",
        timestamp: "2024-01-01T00:00:00Z",
        type: "conversation_created",
        conversation_created: { conversation: { id: "c" } },
      },
      "webhook_id: expected a string, received undefined",
    ],
    [
      "dejacode",
      "user.added_or_updated",
      {
        hook: { uuid: "u", event: "user.added_or_updated", target: "https://example.com/" },
        data: { username: "reviewer" },
      },
      "data: expected an object, received undefined",
    ],
    [
      "deveo",
      "company.updated",
      {
        operation: "updated",
        type: "company",
        subject: { id: "c", uuid: "u" },
        project: { id: "p", uuid: "q", name: "P" },
      },
      "subject: expected an object, received undefined",
    ],
    [
      "standard",
      "invoice.paid",
      { type: "invoice.paid", timestamp: "2022-11-03T20:26:10.344522Z", data: { id: "inv_1" } },
      "data: expected an object, received undefined",
    ],
    [
      "github",
      "push",
      { ref: "refs/heads/main", after: "abc" },
      "payload: expected an object, received an array",
    ],
  ];

  for (const [provider, event, body, brokenMessage] of cases) {
    it(`${provider}: ${event}`, () => {
      expect(parseEvent(provider, event, body)).toEqual({ ok: true, value: body });
      const field = brokenMessage.split(":")[0] ?? "";
      const broken = field === "payload" ? [body] : without(body as Json, "", field);
      expect(expectFailure(provider, event, broken)).toBe(brokenMessage);
    });
  }

  it("never resolves an event name to a prototype member", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(expectFailure("deepsource", name, {})).toBe(
        "id: expected a string, received undefined",
      );
    }
  });

  it("names the body itself when it is not an object", () => {
    expect(expectFailure("deepsource", "test.event", null)).toBe(
      "payload: expected an object, received null",
    );
    expect(expectFailure("github", "push", "hello")).toBe(
      "payload: expected an object, received a string",
    );
  });
});

describe("event name extraction", () => {
  it("reads each provider's own field", () => {
    expect(eventNameFor("deepsource", fixture("deepsource", "test.event"))).toBe("test.event");
    expect(eventNameFor("devrev", fixture("devrev", "verify"))).toBe("verify");
    expect(eventNameFor("dejacode", fixture("dejacode", "request_comment.added"))).toBe(
      "request_comment.added",
    );
    expect(eventNameFor("deveo", fixture("deveo", "push"))).toBe("push");
    expect(eventNameFor("deveo", fixture("deveo", "project.created"))).toBe("project.created");
    expect(eventNameFor("deveo", fixture("deveo", "repository.created"))).toBe(
      "repository.created",
    );
    expect(eventNameFor("standard", { type: "invoice.paid", timestamp: "", data: {} })).toBe(
      "invoice.paid",
    );
  });

  it("returns undefined when the body names no event", () => {
    expect(
      eventNameFor("dejacode", fixture("dejacode", "vulnerability.data_update")),
    ).toBeUndefined();
    expect(eventNameFor("github", { action: "opened" })).toBeUndefined();
    expect(eventNameFor("deveo", { after: "abc" })).toBeUndefined();
    expect(eventNameFor("deveo", { type: "project" })).toBeUndefined();
    for (const provider of PROVIDER_NAMES) {
      for (const body of [null, "type", 42, [], {}, { type: 7 }, { type: "" }, { hook: "x" }]) {
        expect(eventNameFor(provider, body)).toBeUndefined();
      }
    }
  });

  it("prefers push when a body has both push and operation fields", () => {
    expect(
      eventNameFor("deveo", {
        after: "a",
        ref: "refs/heads/x",
        type: "project",
        operation: "created",
      }),
    ).toBe("push");
  });
});

describe("parseEvent never throws", () => {
  const knownNames = [
    ...Object.keys(deepsourceEvents),
    ...Object.keys(devrevEvents),
    ...Object.keys(dejacodeEvents),
    ...Object.keys(deveoEvents),
  ];
  const provider = fc.constantFrom(...PROVIDER_NAMES);
  const eventName = fc.oneof(fc.constantFrom(...knownNames), fc.string(), fc.constant(undefined));

  it("even for a value whose getter throws", () => {
    const hostile = {
      get id(): string {
        throw new Error("getter\nfailed");
      },
    };
    expect(parseEvent("deepsource", "test.event", hostile)).toEqual({
      ok: false,
      message: "payload: could not be validated (getter failed)",
    });
  });

  it("for arbitrary JSON values", () => {
    fc.assert(
      fc.property(provider, eventName, fc.jsonValue(), (p, name, body) => {
        const result = parseEvent(p, name, body);
        if (!result.ok) expectOneSentence(result.message);
      }),
      { numRuns: 2000 },
    );
  });

  it("for fixtures with one field replaced by an arbitrary JSON value", () => {
    const all = (Object.keys(TYPED_EVENTS) as ProviderName[]).flatMap((p) =>
      fixtureNames(p).map((event) => ({ provider: p, event, body: fixture(p, event) })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.nat(), fc.jsonValue(), (picked, seed, value) => {
        const body = structuredClone(picked.body);
        const holders = objectsIn(body);
        const holder = holders[seed % holders.length] ?? body;
        const keys = Object.keys(holder);
        const key = keys[seed % Math.max(keys.length, 1)] ?? "added";
        holder[key] = value;
        const result = parseEvent(picked.provider, picked.event, body);
        if (!result.ok) expectOneSentence(result.message);
      }),
      { numRuns: 1000 },
    );
  });
});

function expectOneSentence(message: string): void {
  expect(message).not.toContain("\n");
  expect(message).toMatch(/^\S.*: \S/);
}

function objectsIn(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const item of value) objectsIn(item, out);
  else if (typeof value === "object" && value !== null) {
    out.push(value as Json);
    for (const item of Object.values(value)) objectsIn(item, out);
  }
  return out;
}
