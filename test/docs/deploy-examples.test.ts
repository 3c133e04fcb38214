import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions: comments dropped, `\` continuations joined, keywords upper-cased. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return logical.map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

/** A systemd unit as section → key → values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1] ?? "", current);
      continue;
    }
    const at = line.indexOf("=");
    if (!current || at <= 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, at);
    current.set(key, [...(current.get(key) ?? []), line.slice(at + 1)]);
  }
  return sections;
}

describe("examples/relay/Dockerfile", () => {
  const instructions = parseDockerfile(
    readFileSync(join(ROOT, "examples/relay/Dockerfile"), "utf8"),
  );
  const stages = instructions.flatMap((instruction, index) =>
    instruction.keyword === "FROM" ? [index] : [],
  );
  const final = instructions.slice(stages.at(-1));
  const named = (keyword: string, list = final) => list.filter((i) => i.keyword === keyword);

  it("is multi-stage on Node 24, and the runtime copies only the build stage's bundle", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const index of stages)
      expect(instructions[index]?.args).toMatch(/^node:24[-\w.]*( AS \w+)?$/i);
    const copies = named("COPY");
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy.args).toMatch(/^--from=build /);
  });

  it("copies only sources that exist in the repository into the build stage", () => {
    const build = instructions.slice(0, stages.at(-1));
    for (const copy of named("COPY", build)) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
    expect(named("RUN", build).map((i) => i.args)).toContain("node scripts/build.mjs cli");
  });

  it("runs as a non-root user, with /data as a volume named by HOOKBRIDGE_DATA_DIR", () => {
    const user = named("USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(named("VOLUME").map((i) => i.args)).toContain('["/data"]');
    expect(
      named("ENV")
        .map((i) => i.args)
        .join(" "),
    ).toMatch(/\bHOOKBRIDGE_DATA_DIR=\/data\b/);
  });

  it("checks its health on /healthz and starts the relay with node itself, so SIGTERM reaches it", () => {
    const healthcheck = named("HEALTHCHECK").at(-1)?.args ?? "";
    expect(healthcheck).toMatch(/CMD \[/);
    expect(healthcheck).toContain("/healthz");
    const cmd = JSON.parse(named("CMD").at(-1)?.args ?? "null");
    expect(cmd).toEqual(["node", "dist/cli/index.js", "relay"]);
    expect(named("EXPOSE").map((i) => i.args)).toContain("8787");
  });
});

describe("examples/relay/hookbridge-relay.service", () => {
  const unit = parseUnit(
    readFileSync(join(ROOT, "examples/relay/hookbridge-relay.service"), "utf8"),
  );
  const service = unit.get("Service") ?? new Map<string, string[]>();
  const one = (key: string) => service.get(key)?.at(-1);

  it("has the three sections a unit needs", () => {
    expect([...unit.keys()]).toEqual(["Unit", "Service", "Install"]);
    expect(unit.get("Install")?.get("WantedBy")).toEqual(["multi-user.target"]);
  });

  it("starts node on the bundle directly, not through npx, as an unprivileged user", () => {
    const start = one("ExecStart") ?? "";
    expect(start).toMatch(/^\/\S*\/node \/\S+\/dist\/cli\/index\.js relay$/);
    expect(start).not.toMatch(/\bnpx?\b/);
    expect(one("User")).toBeDefined();
    expect(one("User")).not.toBe("root");
    expect(one("KillSignal")).toBe("SIGTERM");
    expect(one("Restart")).toBe("on-failure");
  });

  it("keeps secrets in an EnvironmentFile and binds to loopback behind a proxy", () => {
    expect(one("EnvironmentFile")).toMatch(/^\//);
    expect(service.get("Environment")?.join(" ")).toMatch(/\bHOST=127\.0\.0\.1\b/);
    expect(service.get("Environment")?.join(" ") ?? "").not.toMatch(/SECRET|TOKEN/);
    expect(one("NoNewPrivileges")).toBe("yes");
  });
});
