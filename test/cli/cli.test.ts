import { spawn } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { DELIVERIES_OPTIONS, REDELIVER_OPTIONS } from "../../src/cli/deliveries.ts";
import { main } from "../../src/cli/main.ts";
import { RELAY_OPTIONS } from "../../src/cli/relay.ts";
import { SEND_OPTIONS } from "../../src/cli/send.ts";
import { SIGN_OPTIONS, VERIFY_OPTIONS } from "../../src/cli/sign-verify.ts";
import type { COMMAND_HELP } from "../../src/cli/usage.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { ROOT } from "../support/run-action.ts";
import { CANARY, runnerCommandProblems } from "../support/runner-commands.ts";

const CLI = join(ROOT, "dist/cli/index.js");

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one CLI command through `main()` from source in this process, with its own standard
 * streams: what it prints and the exit code it returns are what `dist/cli/index.js` prints and
 * exits with. A few tests spawn the built bundle instead (`builtCli`), as a shell runs it.
 */
async function cli(args: string[], stdin = ""): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (line) => (stdout += `${line}\n`),
    stderr: (line) => (stderr += `${line}\n`),
    stdin: Readable.from(stdin === "" ? [] : [Buffer.from(stdin)]),
  });
  return { code, stdout, stderr };
}

function builtCli(
  args: string[],
  stdin = "",
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("hookbridge sign / verify", () => {
  it("prints GitHub's documented signature for Hello, World! (the built CLI, reading standard input)", async () => {
    const result = await builtCli(
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

  it("signs with the first of a comma-separated --secret, which verify accepts with any of them", async () => {
    const one = await cli(["sign", "--provider", "deveo", "--secret", "new-secret"], "body");
    const list = await cli(
      ["sign", "--provider", "deveo", "--secret", "new-secret, old-secret"],
      "body",
    );
    expect(list).toMatchObject({ code: 0, stdout: one.stdout });
    for (const secrets of ["new-secret,old-secret", "old-secret,new-secret"]) {
      const verified = await cli(
        ["verify", "--provider", "deveo", "--secret", secrets].concat(
          list.stdout
            .trim()
            .split("\n")
            .flatMap((line) => ["--header", line]),
        ),
        "body",
      );
      expect({ secrets, ...verified }).toMatchObject({ secrets, code: 0, stderr: "valid\n" });
    }
    const other = await cli(
      ["verify", "--provider", "deveo", "--secret", "old-secret", "--header", list.stdout.trim()],
      "body",
    );
    expect(other.code).toBe(1);
  });

  it("standard takes the list too: every key checked, the first signs", async () => {
    const first = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signs = (secret: string) =>
      cli(
        ["sign", "--provider", "standard", "--secret", secret, "--id", "msg_1", "--timestamp", "1"],
        "{}",
      );
    const list = await signs(`${first},whsec_c2Vjb25kLWtleQ==`);
    expect(list).toMatchObject({ code: 0, stdout: (await signs(first)).stdout });
    const bad = await signs(`${first},not-a-key`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "hookbridge sign: Every secret in --secret must be a Standard Webhooks key, whsec_ followed by base64, as the relay does.\n",
    );
  });

  it("says in its help how a list of secrets is used", async () => {
    for (const command of ["sign", "send"]) {
      expect((await cli([command, "--help"])).stdout).toContain(
        "given a comma-separated list, as the relay takes while rotating, signs with the first",
      );
    }
    expect((await cli(["verify", "--help"])).stdout).toContain(
      "given a comma-separated list, valid when any one of them verifies",
    );
  });

  it("ends quietly when its reader stops early, as | head -1 does (the built CLI)", async () => {
    const result = await new Promise<CliResult>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          CLI,
          "sign",
          "--provider",
          "standard",
          "--secret",
          "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ],
        { stdio: ["pipe", "pipe", "pipe"] },
      );
      // The reading end is closed before the CLI writes its first line: every write meets EPIPE.
      child.stdout.destroy();
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("close", (code) => resolve({ code, stdout: "", stderr }));
      child.stdin.end("{}");
    });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
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
    const request = seen.find((one) => one.headers["x-hookbridge-delivery"] === "d-1");
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

describe("hookbridge help and version", () => {
  const options: Record<keyof typeof COMMAND_HELP, Record<string, unknown>> = {
    relay: RELAY_OPTIONS,
    sign: SIGN_OPTIONS,
    verify: VERIFY_OPTIONS,
    send: SEND_OPTIONS,
    deliveries: DELIVERIES_OPTIONS,
    redeliver: REDELIVER_OPTIONS,
    demo: {},
  };

  for (const [command, accepted] of Object.entries(options)) {
    it(`${command} --help lists every flag it accepts`, async () => {
      const result = await cli([command, "--help"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(new RegExp(`^Usage: hookbridge ${command}`));
      for (const flag of Object.keys(accepted)) expect(result.stdout).toContain(`--${flag}`);
    });
  }

  it("names the flags that were missing: verify --tolerance, send --id and --now", async () => {
    expect((await cli(["verify", "--help"])).stdout).toContain("--tolerance SECONDS");
    const send = (await cli(["send", "--help"])).stdout;
    expect(send).toContain("--id ID");
    expect(send).toContain("--now");
  });

  it("--version prints the package version, the built CLI included", async () => {
    expect(await builtCli(["--version"])).toMatchObject({
      code: 0,
      stdout: `${packageJson.version}\n`,
    });
    for (const flag of ["--version", "-v", "version"]) {
      expect(await cli([flag])).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    }
  });
});

describe("ordinary mistakes are one sentence with the fix, not a bug report", () => {
  const notABug = (stderr: string) => expect(stderr).not.toContain("please report it");

  it("sign --provider standard refuses a secret the relay would refuse", async () => {
    const result = await cli(["sign", "--provider", "standard", "--secret", "not-a-key!"], "{}");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "hookbridge sign: --secret must be a Standard Webhooks key, whsec_ followed by base64, as the relay does.\n",
    );
    const short = await cli(["sign", "--provider", "deepsource", "--secret", "short"], "{}");
    expect(short.stderr).toContain(
      "--secret is 5 characters long, but DeepSource requires at least 16",
    );
  });

  it("send to a port nothing listens on says so and how to fix it", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await cli(
      [
        "send",
        "--provider",
        "deveo",
        "--secret",
        "s3cret",
        "--url",
        `http://127.0.0.1:${port}/deveo`,
      ],
      "{}",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `hookbridge send: Nothing is listening at 127.0.0.1:${port}: start the relay (npx hookbridge relay) or correct --url.\n`,
    );
    notABug(result.stderr);
  });

  it("send with https:// to a plain HTTP server says to use http://", async () => {
    const plain = createServer((_request, response) => response.end());
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const result = await cli(
        [
          "send",
          "--provider",
          "deveo",
          "--secret",
          "s3cret",
          "--url",
          `https://127.0.0.1:${port}/`,
        ],
        "{}",
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^hookbridge send: The TLS connection to 127\\.0\\.0\\.1:${port} failed \\(\\w+\\): use http:// for a relay without TLS`,
        ),
      );
      notABug(result.stderr);
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it("a --file that does not exist is named with the fix", async () => {
    const result = await cli([
      "sign",
      "--provider",
      "deveo",
      "--secret",
      "s3cret",
      "--file",
      "no/such/body.json",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "hookbridge sign: --file no/such/body.json does not exist: check the path, or leave --file out to read the body from standard input.\n",
    );
  });

  it("relay names the flag or the variable that holds a port it cannot use", async () => {
    for (const [args, env, named] of [
      [["relay", "--port", "http"], {}, "--port"],
      [["relay"], { PORT: "abc" }, "PORT"],
    ] as const) {
      let stderr = "";
      const code = await main([...args], {
        stdout: () => {},
        stderr: (line) => (stderr += `${line}\n`),
        env,
      });
      expect(code).toBe(2);
      expect(stderr).toBe(`hookbridge relay: ${named} must be a whole number from 0 to 65535.\n`);
    }
  });

  it("relay on a port in use says so and how to choose another (the built CLI)", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await builtCli(["relay", "--port", String(port), "--host", "127.0.0.1"], "", {
        ...process.env,
        HOOKBRIDGE_DRY_RUN: "1",
        HOOKBRIDGE_DELIVERY: "sync",
        HOOKBRIDGE_SECRET_DEVEO: "s3cret",
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `hookbridge relay: Port ${port} on 127.0.0.1 is already in use (another relay?): stop that process, or choose another port with --port or PORT.\n`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe("hookbridge send --now", () => {
  const secret = "devrev-secret-for-the-cli-test";
  const sample = join(ROOT, "test/fixtures/devrev/work_created.json");
  let relay: NodeRelay;
  beforeAll(async () => {
    relay = await startNodeRelay({
      env: {
        HOOKBRIDGE_DRY_RUN: "1",
        HOOKBRIDGE_DELIVERY: "sync",
        HOOKBRIDGE_SECRET_DEVREV: secret,
      },
      port: 0,
      host: "127.0.0.1",
      logger: () => {},
    });
  });
  afterAll(() => relay.close());

  it("gets the repository's DevRev sample accepted by a relay, which refuses it stale", async () => {
    const args = [
      "send",
      "--provider",
      "devrev",
      "--secret",
      secret,
      "--url",
      `${relay.url}/devrev`,
    ];
    const stale = await cli([...args, "--file", sample]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^401 /);
    const fresh = await cli([...args, "--file", sample, "--now"]);
    expect(fresh.stdout).toMatch(/^204 /);
    expect(fresh.code).toBe(0);
  });
});
