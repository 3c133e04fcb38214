// `npm run demo`: the whole loop on this machine, no account needed. Starts the real relay (Node)
// and a GitHub REST stand-in, replays the DeepSource samples signed as DeepSource signs them
// through relay → repository_dispatch → the built receive action → GitHub, then sends a push
// through the built emit action into the relay's Deveo route. Exits non-zero when a hop fails.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deliveries as printDeliveries } from "../src/cli/deliveries.ts";
import { startNodeRelay } from "../src/relay/hosts/node/server.ts";
import { startGitHubStandIn } from "../test/support/github-stand-in/index.ts";
import { ROOT, runAction } from "../test/support/run-action.ts";
import { Checklist } from "./checklist.ts";
import { printState } from "./report.ts";
import { routingStep } from "./routing.ts";
import {
  DEMO_REPOSITORY,
  DEMO_SECRETS,
  DEMO_TOKEN,
  deepsourceDeliveries,
  pushEvent,
} from "./scenario.ts";
import { signedPost } from "./send.ts";

const started = performance.now();
const out = join(ROOT, "demo-output");
await mkdir(out, { recursive: true });
const check = new Checklist();
const log = (line = "") => process.stdout.write(`${line}\n`);

const github = await startGitHubStandIn({ token: DEMO_TOKEN, repositories: [DEMO_REPOSITORY] });
const relayLog: string[] = [];
const relay = await startNodeRelay({
  env: {
    HOOKBRIDGE_REPOSITORY: DEMO_REPOSITORY,
    // The demo's checks expect GitHub's answer before the provider's; it keeps no database.
    HOOKBRIDGE_DELIVERY: "sync",
    HOOKBRIDGE_GITHUB_TOKEN: DEMO_TOKEN,
    HOOKBRIDGE_GITHUB_API_URL: github.url,
    HOOKBRIDGE_SECRET_DEEPSOURCE: DEMO_SECRETS.deepsource,
    HOOKBRIDGE_SECRET_DEVEO: DEMO_SECRETS.deveo,
  },
  port: 0,
  host: "127.0.0.1",
  logger: (entry) => relayLog.push(JSON.stringify(entry)),
});

try {
  const deliveries = await deepsourceDeliveries(github);
  log(
    `hookbridge demo — relay ${relay.url}, GitHub stand-in ${github.url}, repository ${DEMO_REPOSITORY}`,
  );
  log();
  // Sync mode (the default is queue mode, shown in step 5): the relay answers 204 only once GitHub
  // accepted, so each line shows GitHub's answer and the action's result together.
  log(
    "1. DeepSource → relay (sync mode: 204 once GitHub accepted) → repository_dispatch → receive action",
  );
  let dispatched = 0;
  for (const delivery of deliveries) {
    const answer = await signedPost(
      `${relay.url}/deepsource`,
      "deepsource",
      DEMO_SECRETS.deepsource,
      delivery.body,
    );
    const dispatches = github.state.repo(DEMO_REPOSITORY).dispatches;
    const dispatch = dispatches.length > dispatched ? dispatches[dispatches.length - 1] : undefined;
    dispatched = dispatches.length;
    check.expect(
      answer.status === 204 && dispatch !== undefined,
      `relay answered ${answer.status} for ${delivery.event} and dispatched it`,
    );
    if (!dispatch) {
      log(`   ${delivery.event.padEnd(32)} relay ${answer.status} ${answer.text}`);
      continue;
    }
    const run = await runAction({
      bundle: "dist/receive/index.js",
      eventName: "repository_dispatch",
      event: {
        action: dispatch.event_type,
        client_payload: dispatch.client_payload,
        repository: { full_name: DEMO_REPOSITORY },
      },
      inputs: {
        secret: DEMO_SECRETS.deepsource,
        "github-token": DEMO_TOKEN,
        "issue-sync": "deepsource",
        "fail-on": "never",
      },
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: DEMO_REPOSITORY },
    });
    await writeFile(
      join(out, `${String(dispatched).padStart(2, "0")}-${delivery.event}.md`),
      run.summary,
    );
    check.expect(
      run.code === 0,
      `receive action succeeded for ${delivery.event}`,
      run.stderr || run.stdout,
    );
    log(
      `   ${delivery.event.padEnd(32)} relay ${answer.status} → ${dispatch.event_type} → action exit ${run.code}${run.outputs.status ? `, status ${run.outputs.status}` : ""}`,
    );
  }

  const duplicate = await signedPost(
    `${relay.url}/deepsource`,
    "deepsource",
    DEMO_SECRETS.deepsource,
    deliveries[0]?.body ?? "",
  );
  check.expect(
    duplicate.status === 200 && duplicate.text.includes("duplicate"),
    "a repeated delivery is answered 200 without a second dispatch",
  );
  log(`   repeated delivery                relay ${duplicate.status} ${duplicate.text}`);
  const forged = await signedPost(
    `${relay.url}/deepsource`,
    "deepsource",
    "not-the-secret-0123456789",
    deliveries[0]?.body ?? "",
  );
  check.expect(forged.status === 401, "a wrongly signed delivery is refused with 401");
  log(`   wrongly signed delivery          relay ${forged.status} ${forged.text}`);

  log();
  log("2. GitHub state after the DeepSource events");
  printState(github.state.repo(DEMO_REPOSITORY), log, check);

  log();
  log("3. push → emit action → relay /deveo → repository_dispatch → receive action");
  const before = github.state.repo(DEMO_REPOSITORY).dispatches.length;
  const emit = await runAction({
    bundle: "dist/emit/index.js",
    eventName: "push",
    event: await pushEvent(),
    inputs: { url: `${relay.url}/deveo`, secret: DEMO_SECRETS.deveo },
    env: { GITHUB_REPOSITORY: DEMO_REPOSITORY },
  });
  await writeFile(join(out, "emit.md"), emit.summary);
  check.expect(emit.code === 0, "emit action delivered the push", emit.stderr || emit.stdout);
  const pushDispatch = github.state.repo(DEMO_REPOSITORY).dispatches[before];
  check.expect(pushDispatch?.event_type === "deveo.push", "the relay dispatched deveo.push");
  log(
    `   emit delivery ${emit.outputs["delivery-id"] ?? "?"} → relay ${emit.outputs.status ?? "?"} → ${pushDispatch?.event_type ?? "no dispatch"}`,
  );
  if (pushDispatch) {
    const run = await runAction({
      bundle: "dist/receive/index.js",
      eventName: "repository_dispatch",
      event: {
        action: pushDispatch.event_type,
        client_payload: pushDispatch.client_payload,
        repository: { full_name: DEMO_REPOSITORY },
      },
      inputs: { secret: DEMO_SECRETS.deveo, "github-token": DEMO_TOKEN },
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: DEMO_REPOSITORY },
    });
    await writeFile(join(out, "receive-deveo.push.md"), run.summary);
    check.expect(
      run.code === 0,
      "receive action verified the emitted push",
      run.stderr || run.stdout,
    );
    log(
      `   receive action exit ${run.code}: event ${run.outputs.event ?? "?"}, ref ${run.outputs.ref ?? run.outputs.branch ?? "?"}, after ${run.outputs.after ?? run.outputs.commit ?? "?"}`,
    );
  }

  log();
  await routingStep(log, check);

  log();
  log(
    "5. The queue (the relay's default mode): a delivery waits while GitHub is down, and goes out when it is back",
  );
  const dataDir = await mkdtemp(join(tmpdir(), "hookbridge-demo-"));
  // The admin API, for the delivery table at the end; the CLI reads the token from here too.
  const adminToken = randomBytes(32).toString("hex");
  process.env.HOOKBRIDGE_ADMIN_TOKEN = adminToken;
  const queued = await startNodeRelay({
    env: {
      HOOKBRIDGE_ADMIN_TOKEN: adminToken,
      HOOKBRIDGE_REPOSITORY: DEMO_REPOSITORY,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dataDir,
      HOOKBRIDGE_GITHUB_TOKEN: DEMO_TOKEN,
      HOOKBRIDGE_GITHUB_API_URL: github.url,
      HOOKBRIDGE_SECRET_DEEPSOURCE: DEMO_SECRETS.deepsource,
      // This step follows one delivery; a commit's many are batched (docs/queue.md).
      HOOKBRIDGE_BATCH_WINDOW: "0",
    },
    port: 0,
    host: "127.0.0.1",
    logger: (entry) => relayLog.push(JSON.stringify(entry)),
  });
  try {
    const DISPATCHES = "POST /repos/{owner}/{repo}/dispatches";
    github.setOutage(DISPATCHES, { status: 503 });
    const count = () => github.state.repo(DEMO_REPOSITORY).dispatches.length;
    const beforeQueue = count();
    const answer = await signedPost(
      `${queued.url}/deepsource`,
      "deepsource",
      DEMO_SECRETS.deepsource,
      deliveries[0]?.body ?? "",
    );
    const health = async () => (await fetch(`${queued.url}/healthz`)).text();
    const waiting = await health();
    check.expect(
      answer.status === 202 && answer.text.includes('"queued":true'),
      "with GitHub down, the queue answers 202 once the delivery is on disk",
    );
    log(`   GitHub down: relay ${answer.status} ${answer.text}`);
    log(`   /healthz     ${waiting}`);
    github.setOutage(DISPATCHES);
    const deadline = Date.now() + 15_000;
    while (count() === beforeQueue && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    check.expect(count() === beforeQueue + 1, "GitHub back: the queued delivery was dispatched");
    log(`   GitHub back: dispatched ${count() - beforeQueue}; /healthz ${await health()}`);

    log();
    log(`6. The delivery log: hookbridge deliveries --url ${queued.url}`);
    const table: string[] = [];
    const code = await printDeliveries(["--url", queued.url], {
      stdout: (line) => table.push(line),
      stderr: (line) => table.push(line),
    });
    for (const line of table) log(`   ${line}`);
    check.expect(
      code === 0 && table.some((line) => / dispatched /.test(line)),
      "hookbridge deliveries lists the queued delivery as dispatched",
      table.join("\n"),
    );
  } finally {
    await queued.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  check.expect(
    github.violations.length === 0,
    "every request to GitHub matched GitHub's OpenAPI description",
    github.violations.join("\n"),
  );
  await writeFile(join(out, "relay.log"), `${relayLog.join("\n")}\n`);
  log();
  log(`Job summaries and the relay log are in ${out}/`);
} finally {
  await relay.close();
  await github.close();
}

log(check.report((performance.now() - started) / 1000));
process.exitCode = check.failed ? 1 : 0;
