import { spawn } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";
import { CANARY, runnerCommandProblems } from "../support/runner-commands.ts";

const CLI = join(ROOT, "dist/cli/index.js");

function cli(
  args: string[],
  stdin = "",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("hookbridge sign / verify (the built CLI)", () => {
  it("prints GitHub's documented signature for Hello, World!", async () => {
    const result = await cli(
      ["sign", "--provider", "github", "--secret", "It's a Secret to Everybody"],
      "Hello, World!",
    );
    expect(result).toMatchObject({
      code: 0,
      stdout:
        "x-hub-signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n",
    });
  });

  it("prints the three Standard Webhooks headers for a given id and timestamp", async () => {
    const result = await cli(
      [
        "sign",
        "--provider",
        "standard",
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
      ],
      '{"test": 2432232314}',
    );
    expect(result.stdout).toBe(
      "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n",
    );
  });

  it("verify exits 0 for a valid signature and 1 with a reason for a wrong one", async () => {
    const header = "x-hub-signature: sha1=";
    const signed = await cli(["sign", "--provider", "deveo", "--secret", "s3cret"], "body");
    expect(signed.stdout.startsWith(header)).toBe(true);
    const ok = await cli(
      ["verify", "--provider", "deveo", "--secret", "old,s3cret", "--header", signed.stdout.trim()],
      "body",
    );
    expect(ok).toMatchObject({ code: 0, stderr: "valid\n" });
    const bad = await cli(
      ["verify", "--provider", "deveo", "--secret", "s3cret", "--header", signed.stdout.trim()],
      "body!",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^invalid: .*does not match/);
    expect(bad.stderr).not.toContain("s3cret");
  });

  it("refuses an unknown provider with one sentence and exit code 2", async () => {
    const result = await cli(["sign", "--provider", "gitlab", "--secret", "x"], "");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "hookbridge sign: --provider must be one of deepsource, devrev, dejacode, deveo, github, standard.\n",
    );
  });

  it("refuses a tolerance that is not a whole number instead of turning the time check off", async () => {
    const result = await cli(
      [
        "verify",
        "--provider",
        "standard",
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "--tolerance",
        "abc",
        "--header",
        "webhook-id: msg_1",
        "--header",
        "webhook-timestamp: 1614265330",
        "--header",
        "webhook-signature: v1,x",
      ],
      "{}",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--tolerance must be a whole number");
  });

  it("names an unknown command", async () => {
    const result = await cli(["launch"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "launch"');
  });
});

describe("hookbridge send", () => {
  let url = "";
  const seen: { headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      seen.push({ headers: request.headers, body });
      // /echo answers with what it was sent: a receiver's answer is text the CLI prints.
      if (request.url === "/echo")
        response.writeHead(200, { "content-type": "text/plain" }).end(body);
      else response.writeHead(204).end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deveo`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts a form body signed over the exact bytes sent", async () => {
    const result = await cli(
      [
        "send",
        "--provider",
        "deveo",
        "--secret",
        "s3cret",
        "--url",
        url,
        "--content-type",
        "form",
        "--id",
        "d-1",
      ],
      '{"a":1}',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("204");
    const [request] = seen;
    expect(request?.body).toBe("payload=%7B%22a%22%3A1%7D");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.headers["x-hookbridge-delivery"]).toBe("d-1");
    const check = await cli(
      [
        "verify",
        "--provider",
        "deveo",
        "--secret",
        "s3cret",
        "--header",
        `x-hub-signature: ${request?.headers["x-hub-signature"]}`,
      ],
      request?.body,
    );
    expect(check.code).toBe(0);
  });

  it("prints a receiver's answer with no line a runner would take for a command", async () => {
    const hostile = `ok\n::warning::${CANARY}\r::add-mask::x\n  ::stop-commands::t\nsee ##[error]${CANARY}`;
    const result = await cli(
      [
        "send",
        "--provider",
        "deveo",
        "--secret",
        "s3cret",
        "--url",
        url.replace(/\/deveo$/, "/echo"),
        "--id",
        "d-2",
      ],
      hostile,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(CANARY);
    expect(runnerCommandProblems(result.stdout, [])).toEqual([]);
    expect(runnerCommandProblems(result.stderr, [])).toEqual([]);
  });
});
