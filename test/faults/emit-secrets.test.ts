/**
 * The emit action (from source, in process) delivering to receivers that fail in every way a network can (5xx with a
 * body, a reset connection, no answer in time): the step fails with a clear message, and neither
 * the secret nor the credentials in a URL appear in its log, outputs or job summary.
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runEmit } from "../support/run-in-process.ts";
import { LeakScan } from "./support/leaks.ts";

const SECRET = "faults-emit-secret-0123456789";
const PASSWORD = "faults-url-password-0123456789";

/** A real push GitHub sent (octokit/webhooks' examples). */
function pushEvent(): unknown {
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
    name: string;
    examples: { ref: string; commits: unknown[] }[];
  }[];
  return examples
    .find((definition) => definition.name === "push")
    ?.examples.find((event) => event.ref.startsWith("refs/heads/") && event.commits.length > 0);
}

let server: Server;
let origin = "";
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url?.startsWith("/error")) {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end("upstream exploded");
      } else if (request.url?.startsWith("/reset")) {
        request.socket.resetAndDestroy();
      }
      // /silent never answers: the attempt times out.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it("a failing delivery fails the step without showing the secret or URL credentials", async () => {
  const run = await runEmit({
    eventName: "push",
    event: pushEvent(),
    inputs: {
      url: [
        `http://hook:${PASSWORD}@${origin}/error`,
        `http://${origin}/reset`,
        `http://${origin}/silent`,
      ].join("\n"),
      secret: SECRET,
      timeout: "1",
      retries: "1",
    },
  });
  expect(run.code, run.stdout).toBe(1);
  expect(
    run.commands.some((command) => command.command === "error"),
    run.stdout,
  ).toBe(true);
  const results = JSON.parse(run.outputs.results ?? "[]") as { ok: boolean }[];
  expect(
    results.map((result) => result.ok),
    run.stdout,
  ).toEqual([false, false, false]);

  const scan = new LeakScan([SECRET, PASSWORD]);
  // `::add-mask::` is how a value reaches the runner's masking, not a leak.
  scan.add(
    "log",
    `${run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n")}\n${run.stderr}`,
  );
  scan.add("outputs", JSON.stringify(run.outputs));
  scan.add("summary", run.summary);
  expect(scan.hits()).toEqual([]);
}, 60_000);

const USER_TOKEN = "ghp_faultsUserPartToken0123456789";
const QUERY_TOKEN = "faults-query-token-0123456789";

it("a token in a URL's user part or query string is masked, and dropped from the results output", async () => {
  const run = await runEmit({
    eventName: "push",
    event: pushEvent(),
    inputs: {
      url: `http://${USER_TOKEN}:x-oauth-basic@${origin}/error?token=${QUERY_TOKEN}`,
      secret: SECRET,
      timeout: "1",
      retries: "0",
    },
  });
  expect(run.code, run.stdout).toBe(1);
  const masks = run.commands.filter((command) => command.command === "add-mask");
  expect(masks.map((mask) => mask.message)).toEqual(
    expect.arrayContaining([USER_TOKEN, "x-oauth-basic", QUERY_TOKEN]),
  );
  const results = JSON.parse(run.outputs.results ?? "[]") as { url: string }[];
  expect(results.map((result) => result.url)).toEqual([`http://${origin}/error`]);
  const scan = new LeakScan([USER_TOKEN, QUERY_TOKEN]);
  scan.add(
    "log",
    `${run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n")}\n${run.stderr}`,
  );
  scan.add("outputs", JSON.stringify(run.outputs));
  scan.add("summary", run.summary);
  expect(scan.hits()).toEqual([]);
}, 60_000);
