import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { dispatch, envelope, freshRepo, messages, sampleWithCommits, TOKEN } from "./support.ts";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let gh: GitHubStandIn;
let proxy: LoopbackProxy;
let elsewhere: Server;
let redirector: Server;
let elsewhereUrl: string;
let redirectorUrl: string;
const seenElsewhere: Seen[] = [];
const seenByRedirector: Seen[] = [];

beforeAll(async () => {
  gh = await startGitHubStandIn();
  proxy = await startLoopbackProxy();
  // Where a redirect points: it must hear nothing, least of all the token.
  elsewhere = createServer((request, response) => {
    seenElsewhere.push({
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
    });
    response.writeHead(201, { "content-type": "application/json" }).end('{"id":1}');
  });
  elsewhereUrl = await listen(elsewhere);
  // A GITHUB_API_URL that answers everything with a 307 to the same path elsewhere.
  redirector = createServer((request, response) => {
    seenByRedirector.push({
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
    });
    request.resume();
    response.writeHead(307, { location: `${elsewhereUrl}${request.url}?token=leaked` }).end();
  });
  redirectorUrl = await listen(redirector);
});

afterAll(async () => {
  await new Promise((resolve) => redirector.close(resolve));
  await new Promise((resolve) => elsewhere.close(resolve));
  await proxy.close();
  await gh.close();
});

describe("receive and GitHub's redirects", () => {
  for (const proxied of [false, true]) {
    it(`follows none${proxied ? " behind a proxy" : ""}: where it points hears nothing, and the run fails naming it without its query`, async () => {
      seenElsewhere.length = 0;
      seenByRedirector.length = 0;
      const repo = freshRepo(proxied ? "redirected-proxied" : "redirected");
      const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.updated")), {
        repo,
        env: {
          GITHUB_API_URL: redirectorUrl,
          ...(proxied ? { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } : {}),
        },
      });
      expect(run.code, run.stdout).toBe(1);
      expect(seenByRedirector.length).toBeGreaterThan(0);
      expect(seenByRedirector[0]?.headers.authorization).toBe(`token ${TOKEN}`);
      expect(seenElsewhere).toEqual([]);
      if (proxied) expect(proxy.seen.some((line) => line.includes(redirectorUrl))).toBe(true);
      const errors = messages(run, "error").join("\n");
      expect(errors).toMatch(
        new RegExp(
          `GitHub answered (GET|POST) /repos/${repo}/[^ ]+ with 307, redirecting to ${elsewhereUrl}/repos/${repo}/`,
        ),
      );
      expect(errors).toContain("the action follows no redirects, so nothing was sent there");
      expect(run.stdout).not.toContain("leaked");
    });
  }
});
