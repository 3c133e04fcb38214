// One relay for an organisation: DeepSource events about two listed repositories go to each
// repository, with the token of the App installation that covers it; an unlisted repository's
// event is answered 2xx and goes nowhere. A relay and GitHub stand-in of its own, so this step
// stands apart from the rest of the demo.
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startNodeRelay } from "../src/relay/hosts/node/server.ts";
import { startGitHubStandIn } from "../test/support/github-stand-in/index.ts";
import { ROOT } from "../test/support/run-action.ts";
import type { Checklist } from "./checklist.ts";
import { DEMO_SECRETS } from "./scenario.ts";
import { signedPost } from "./send.ts";

const APP_ID = 1234;
const INSTALLATIONS = { "octo-org": 101, "octo-labs": 202 };
const LISTED = ["octo-org/api", "octo-labs/web"];
const UNLISTED = "octo-org/private-notes";

export async function routingStep(log: (line?: string) => void, check: Checklist): Promise<void> {
  log(`4. One relay, one App: HOOKBRIDGE_REPOSITORIES=${LISTED.join(",")}`);
  const key = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const github = await startGitHubStandIn({
    appId: APP_ID,
    appPublicKey: key.publicKey,
    installations: INSTALLATIONS,
  });
  const relay = await startNodeRelay({
    env: {
      HOOKBRIDGE_REPOSITORIES: LISTED.join(","),
      HOOKBRIDGE_DELIVERY: "sync",
      HOOKBRIDGE_APP_ID: String(APP_ID),
      HOOKBRIDGE_APP_PRIVATE_KEY: key.privateKey,
      HOOKBRIDGE_GITHUB_API_URL: github.url,
      HOOKBRIDGE_SECRET_DEEPSOURCE: DEMO_SECRETS.deepsource,
    },
    port: 0,
    host: "127.0.0.1",
    logger: () => {},
  });
  try {
    const sample = await readFile(
      join(ROOT, "test/fixtures/deepsource/analysis_run.updated.json"),
      "utf8",
    );
    for (const [index, name] of [...LISTED, UNLISTED].entries()) {
      const event = JSON.parse(sample);
      event.id = `routing-demo-${index}`;
      event.data.object.repository.vcsUrl = `https://github.com/${name}`;
      const answer = await signedPost(
        `${relay.url}/deepsource`,
        "deepsource",
        DEMO_SECRETS.deepsource,
        JSON.stringify(event),
      );
      const dispatch = github.requests.find(
        (request) => request.path === `/repos/${name}/dispatches` && request.status === 204,
      );
      const token = dispatch?.headers.authorization?.replace(/^Bearer /, "");
      const minted = github.state.installationTokens.find((record) => record.token === token);
      const where = dispatch
        ? `dispatched to ${name} with installation ${minted?.installation_id}'s token`
        : `not dispatched: ${answer.text}`;
      log(`   DeepSource event about ${name.padEnd(24)} relay ${answer.status} → ${where}`);
      const listed = LISTED.includes(name);
      check.expect(
        listed
          ? answer.status === 204 &&
              minted?.installation_id ===
                INSTALLATIONS[name.split("/")[0] as keyof typeof INSTALLATIONS]
          : answer.status === 202 && dispatch === undefined,
        listed
          ? `the event about ${name} was dispatched there, with its installation's token`
          : `the event about unlisted ${name} was answered 2xx and not dispatched`,
      );
    }
    check.expect(
      github.violations.length === 0,
      "every routed request to GitHub matched GitHub's OpenAPI description",
      github.violations.join("\n"),
    );
  } finally {
    await relay.close();
    await github.close();
  }
}
