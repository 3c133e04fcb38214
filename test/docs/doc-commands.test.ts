/**
 * The terminal sessions the docs print (`$ command` lines and what they answer) run here as
 * written: the relay a session starts, the commands it types against it, and the answers it shows,
 * `…` standing for what differs from run to run (ids). The claims beside them, what a dry run
 * logs and how to check a DeepSource activation in queue mode, are checked the same way.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { ADMIN_TOKEN, refuseDispatches } from "../relay/admin-support.ts";
import { fastClock, startQueuedRelay, tempDir, until } from "../relay/queue-support.ts";
import { fixture, relayEnvs, replaceField, signedHeaders, uniqueId } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ROOT } from "../support/run-action.ts";

/** The address the docs' sessions give the relay; each run here replaces it with its own. */
const DOCUMENTED_URL = "http://127.0.0.1:8787";

interface Step {
  /** The command as typed, continuation lines joined. */
  readonly command: string;
  /** The lines printed after it, as the page shows them. */
  readonly output: readonly string[];
}

/** Every ```sh block of `file` that types at a `$ ` prompt, as its steps. */
function sessions(file: string): Step[][] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((block) => steps(block[1] as string))
    .filter((found) => found.length > 0);
}

function steps(block: string): Step[] {
  const found: { command: string; output: string[] }[] = [];
  const lines = block.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("$ ")) {
      let command = line.slice(2);
      while (command.endsWith("\\") && i + 1 < lines.length) {
        command = `${command.slice(0, -1).trimEnd()} ${(lines[++i] as string).trim()}`;
      }
      found.push({ command, output: [] });
    } else if (line.trim() !== "") {
      found.at(-1)?.output.push(line);
    }
  }
  return found;
}

/** A shell's words: quotes removed, `$NAME` and `"$NAME"` expanded, `'…'` kept as it is. */
function words(command: string, env: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  let word: string | undefined;
  const expand = (name: string) => env[name] ?? "";
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (char === " ") {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (char === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      const end = command.indexOf('"', i + 1);
      word =
        (word ?? "") +
        command.slice(i + 1, end).replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name) => expand(name));
      i = end;
    } else if (char === "$") {
      const name = /^[A-Z_][A-Z0-9_]*/.exec(command.slice(i + 1))?.[0] ?? "";
      word = (word ?? "") + expand(name);
      i += name.length;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** The hookbridge command line in `argv` (`npx hookbridge …` or `node dist/cli/index.js …`). */
function hookbridgeArgs(argv: readonly string[]): string[] | undefined {
  if (argv[0] === "npx" && argv[1] === "hookbridge") return argv.slice(2);
  if (argv[0] === "node" && argv[1] === "dist/cli/index.js") return argv.slice(2);
  return undefined;
}

/** The page's output as a pattern: `…` is any text, everything else literal. */
function outputPattern(lines: readonly string[]): RegExp {
  const literal = lines
    .join("\n")
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${literal.join(".+?")}$`);
}

interface Played {
  readonly relayLogs: LogEntry[];
  readonly sent: number;
}

/**
 * Plays one session: `export` sets a variable, `… relay &` starts a relay with the session's
 * variables (and `extra`, e.g. another delivery mode), and each hookbridge command runs through
 * the CLI's `main()` against it, its output compared with the page's.
 */
async function play(
  session: readonly Step[],
  extra: Record<string, string> = {},
  answer: (documented: readonly string[]) => readonly string[] = (lines) => lines,
): Promise<Played> {
  const env: Record<string, string> = {};
  const relayLogs: LogEntry[] = [];
  const data = tempDir();
  let relay: NodeRelay | undefined;
  let sent = 0;
  try {
    for (const { command, output } of session) {
      if (command.startsWith("export ")) {
        const [name, value] = command.slice("export ".length).split("=", 2) as [string, string];
        env[name] = words(value, env).join(" ");
        continue;
      }
      const [left, right] = command.split(" | ") as [string, string | undefined];
      const argv = words((right ?? left).replace(/ &$/, ""), env);
      const assignments: Record<string, string> = {};
      while (/^[A-Z_][A-Z0-9_]*=/.test(argv[0] ?? "")) {
        const [name, value] = (argv.shift() as string).split("=", 2) as [string, string];
        assignments[name] = value;
      }
      const args = hookbridgeArgs(argv);
      expect(args, `a hookbridge command: ${command}`).toBeDefined();
      if (args?.[0] === "relay") {
        expect(command.endsWith(" &"), command).toBe(true);
        relay = await startNodeRelay({
          env: { ...env, ...assignments, ...extra, HOOKBRIDGE_DATA_DIR: data.path },
          port: 0,
          host: "127.0.0.1",
          logger: (entry) => relayLogs.push(entry),
        });
        continue;
      }
      // `printf '…' | …` gives the command its standard input, as the shell would.
      const stdin = right === undefined ? "" : (words(left, env)[1] ?? "");
      if (stdin !== "") expect(words(left, env)[0]).toBe("printf");
      const printed: string[] = [];
      const code = await main(
        (args ?? []).map((arg) => (relay ? arg.replace(DOCUMENTED_URL, relay.url) : arg)),
        {
          stdout: (line) => printed.push(line),
          stderr: (line) => printed.push(line),
          stdin: Readable.from(stdin === "" ? [] : [Buffer.from(stdin)]),
          env: { ...env, ...assignments },
        },
      );
      expect({ command, code, printed: printed.join("\n") }).toEqual({
        command,
        code: 0,
        printed: expect.stringMatching(outputPattern(answer(output))),
      });
      if (args?.[0] === "send") sent += 1;
    }
    return { relayLogs, sent };
  } finally {
    await relay?.close();
    data.remove();
  }
}

const DRY_RUN = "dry run: not dispatched";
/** What queue mode answers on the page, and what the page says sync mode answers instead. */
const QUEUED = ["202 Accepted", '{"queued":true,"id":"…"}'];
const inSyncMode = (lines: readonly string[]) =>
  lines.join("\n") === QUEUED.join("\n") ? ["204 No Content"] : lines;

describe.each(["README.md", "docs/relay.md", "docs/cli.md"])("%s's terminal sessions", (file) => {
  const found = sessions(file);
  const relayed = found.filter((session) =>
    session.some(({ command }) => / relay &$/.test(command)),
  );

  it("are there to run", () => {
    expect(found.length).toBeGreaterThan(0);
    expect(relayed.length).toBeGreaterThan(0);
  });

  it("answer as printed against a relay in its default mode, whose dry run logs what the page says", async () => {
    for (const session of found) {
      // The answers are the default mode's; the batch window (10 s by default, after which the
      // dry-run line is logged) is closed so the line follows at once instead of in ten seconds.
      const { relayLogs, sent } = await play(session, { HOOKBRIDGE_BATCH_WINDOW: "0" });
      if (sent === 0) continue;
      // The dispatcher works in the background: its dry-run line follows the 202.
      await until(
        () => relayLogs.filter((entry) => entry.msg === DRY_RUN).length === sent,
        "every queued delivery was dry-run",
      );
      for (const entry of relayLogs.filter((line) => line.msg === DRY_RUN)) {
        expect(Object.keys(entry)).toEqual(
          expect.arrayContaining(["provider", "event", "id", "delivery", "event_type", "size"]),
        );
        expect(JSON.stringify(entry)).not.toMatch(/"body/);
      }
    }
  });

  it("answer 204 No Content in sync mode, and the dry run logs event_type, id and size", async () => {
    for (const session of relayed) {
      const { relayLogs, sent } = await play(session, { HOOKBRIDGE_DELIVERY: "sync" }, inSyncMode);
      const lines = relayLogs.filter((entry) => entry.msg === DRY_RUN);
      expect(lines).toHaveLength(sent);
      for (const entry of lines) {
        expect(entry).toMatchObject({
          event_type: expect.any(String),
          id: expect.any(String),
          size: expect.any(Number),
        });
        expect(JSON.stringify(entry)).not.toMatch(/"body/);
      }
    }
  });
});

describe("docs/providers.md: what a DeepSource activation proves", () => {
  const providers = readFileSync(join(ROOT, "docs/providers.md"), "utf8");
  let gh: GitHubStandIn;

  beforeAll(async () => {
    gh = await startGitHubStandIn();
  });
  afterAll(async () => {
    await gh?.close();
  });

  async function testEvent() {
    const body = replaceField(fixture("deepsource", "test.event"), "id", uniqueId());
    return { method: "POST", body, headers: await signedHeaders("deepsource", body) };
  }

  it("says that in queue mode a green activation is no proof, and how to check", () => {
    expect(providers).toMatch(/queue mode[^.]*answers `202`/);
    expect(providers).toContain("hookbridge deliveries --url https://<relay> --event test.event");
    expect(providers).toContain("`dispatch failed`");
  });

  it("queue mode: GitHub refuses the dispatch, DeepSource still gets its 2xx, and deliveries shows it failed", async () => {
    const dir = tempDir();
    const clock = fastClock(1);
    const { relay, logs } = await startQueuedRelay(gh, dir.path, clock, {
      HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    try {
      refuseDispatches(gh, 1);
      const answer = await fetch(`${relay.url}/deepsource`, await testEvent());
      // What DeepSource sees, and activates the endpoint on.
      expect(answer.status).toBe(202);
      await until(
        () => logs.some((entry) => entry.msg === "dispatch failed"),
        "the dispatch was refused",
      );
      expect(logs.find((entry) => entry.msg === "dispatch failed")).toMatchObject({
        provider: "deepsource",
        event: "test.event",
        status: 422,
      });
      // The documented check, with the relay's own address.
      const printed: string[] = [];
      const code = await main(["deliveries", "--url", relay.url, "--event", "test.event"], {
        stdout: (line) => printed.push(line),
        stderr: (line) => printed.push(line),
        env: { HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
      });
      expect(code).toBe(0);
      expect(printed.join("\n")).toMatch(/test\.event\s+failed/);
      expect(printed.join("\n")).toContain("422");
    } finally {
      await relay.close();
      dir.remove();
    }
  });

  it("sync mode: the same refusal reaches DeepSource as a 5xx, so activation does prove the path", async () => {
    const relay = await startNodeRelay({
      env: relayEnvs(gh.url).main,
      port: 0,
      host: "127.0.0.1",
      logger: () => {},
    });
    try {
      refuseDispatches(gh, 1);
      const answer = await fetch(`${relay.url}/deepsource`, await testEvent());
      expect(answer.status).toBe(502);
    } finally {
      await relay.close();
    }
  });
});
