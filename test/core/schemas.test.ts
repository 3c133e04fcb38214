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
      "runUid",
      "data.object.runUid: expected a string, received undefined",
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
      "valueDisplay",
      "data.object.checks[2].metrics[0].items[0].values[0].valueDisplay: expected a string, received undefined",
    ],
    [
      "Analyzer",
      "analysis_run.started",
      "data.object.checks.0.analyzer",
      "shortcode",
      "data.object.checks[0].analyzer.shortcode: expected a string, received undefined",
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
      "vcsUrl",
      "data.object.vcsUrl: expected a string, received undefined",
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
    ["envelope", "test.event", "", "data", "data: expected an object, received undefined"],
    ["envelope", "test.event", "", "type", 'type: expected "test.event", received undefined'],
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
    const commit: string | null | undefined = event.data.object.commitOid;
    const finished: number | null = event.data.object.checks?.[0]?.finishedAt ?? null;
    expect([commit, finished]).toEqual(["99da4fzf3e680e28c3z86afebz3693d3f80bf67b", null]);
  });
});

describe("DeepSource accepts what its GraphQL types make nullable (deepsource-api-schema.graphql)", () => {
  const nullable: [event: string, parent: string, field: string][] = [
    ["analysis_run.updated", "data.object", "branchName"],
    ["analysis_run.updated", "data.object", "baseOid"],
    ["analysis_run.updated", "data.object", "commitOid"],
    ["analysis_run.updated", "data.object", "finishedAt"],
    ["analysis_run.updated", "data.object", "checks"],
    ["analysis_run.updated", "data.object.summary", "occurrencesIntroduced"],
    ["analysis_run.updated", "data.object.summary", "occurrencesResolved"],
    ["analysis_run.updated", "data.object.summary", "occurrenceDistributionByCategory"],
    ["analysis_run.updated", "data.object.checks.0", "finishedAt"],
    ["analysis_run.updated", "data.object.checks.2", "metrics"],
    ["analysis_run.updated", "data.object.checks.0.summary", "occurrencesIntroduced"],
    ["analysis_run.updated", "data.object.repository", "defaultBranch"],
    ["analysis_run.updated", "data.object.repository", "latestCommitOid"],
    ["repository_issue.introduced", "data.object", "occurrences"],
  ];
  for (const [event, parent, field] of nullable) {
    it(`${event}: ${parent}.${field} null or left out`, () => {
      const nulled = fixture("deepsource", event);
      at(nulled, parent)[field] = null;
      expect(parseEvent("deepsource", event, nulled).ok).toBe(true);
      expect(
        parseEvent("deepsource", event, without(fixture("deepsource", event), parent, field)).ok,
      ).toBe(true);
    });
  }

  it("takes an Issue without isRecommended, and an AutofixRun with only its tag", () => {
    const autofix = without(
      fixture("deepsource", "autofix_run.started"),
      "data.object.affectedIssues.0",
      "isRecommended",
    );
    expect(parseEvent("deepsource", "autofix_run.started", autofix).ok).toBe(true);
    const bare = {
      ...fixture("deepsource", "autofix_run.updated"),
      data: { object: { object: "AutofixRun" } },
    };
    expect(parseEvent("deepsource", "autofix_run.updated", bare).ok).toBe(true);
  });

  it('takes the "empty" summary analysis_run.started may carry, as {} or null', () => {
    for (const summary of [{}, null]) {
      const body = fixture("deepsource", "analysis_run.started");
      at(body, "data.object").summary = summary;
      expect(parseEvent("deepsource", "analysis_run.started", body).ok).toBe(true);
    }
  });

  it("reads times as Unix seconds, digits in a string, or GraphQL's ISO 8601 DateTime", () => {
    const body = fixture("deepsource", "analysis_run.updated");
    body.createdAt = "1642069966";
    at(body, "data.object").updatedAt = "2022-01-13T10:32:46.123456Z";
    const result = parseEvent("deepsource", "analysis_run.updated", body);
    expect(result.ok).toBe(true);
    const parsed = (result as { value: DeepsourceEvent<"analysis_run.updated"> }).value;
    expect([parsed.createdAt, parsed.data.object.updatedAt]).toEqual([1642069966, 1642069966.123]);
    at(body, "data.object").updatedAt = "last tuesday";
    expect(expectFailure("deepsource", "analysis_run.updated", body)).toBe(
      "data.object.updatedAt: expected Unix seconds or an ISO 8601 date-time, received a string",
    );
  });

  it("takes an envelope without id or createdAt: only type and data make it DeepSource's", () => {
    const body = without(without(fixture("deepsource", "test.event"), "", "id"), "", "createdAt");
    expect(parseEvent("deepsource", "test.event", body).ok).toBe(true);
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

  it("requires the verify challenge, and takes events whose data key is left out (webhook-event-request)", () => {
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
    expect(parseEvent("devrev", "part_created", missing).ok).toBe(true);
    const created = fixture("devrev", "work_created");
    expect(parseEvent("devrev", "work_created", without(created, "", "work_created")).ok).toBe(
      true,
    );
    expect(parseEvent("devrev", "work_created", without(created, "", "timestamp")).ok).toBe(true);
    expect(expectFailure("devrev", "work_created", without(created, "", "webhook_id"))).toBe(
      "webhook_id: expected a string, received undefined",
    );
  });
});

describe("DejaCode", () => {
  it("accepts the text-only body vulnerability and lock-out events use, and rejects it for request events", () => {
    const text = fixture("dejacode", "vulnerability.data_update");
    expect(parseEvent("dejacode", "vulnerability.data_update", text).ok).toBe(true);
    expect(parseEvent("dejacode", "user.locked_out", text).ok).toBe(true);
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
      "product.added",
      {
        hook: { uuid: "u", event: "product.added", target: "https://example.com/" },
        name: "scanner",
      },
      "hook: expected an object, received undefined",
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
      // Any JSON value is a payload (an array too); a `type` that is there names the event.
      "type: expected a string, received a number",
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
      const broken =
        field === "payload"
          ? [body]
          : provider === "standard"
            ? { ...(body as object), type: 42 }
            : without(body as Json, "", field);
      expect(expectFailure(provider, event, broken)).toBe(brokenMessage);
    });
  }

  it("never resolves an event name to a prototype member", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(expectFailure("deepsource", name, {})).toBe(
        "type: expected a string, received undefined",
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
