import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { dispatch, envelope, freshRepo, requestsFor, sampleWithCommits } from "./support.ts";

let gh: GitHubStandIn;
let proxy: LoopbackProxy;
beforeAll(async () => {
  gh = await startGitHubStandIn();
  proxy = await startLoopbackProxy();
});
afterAll(async () => {
  await proxy.close();
  await gh.close();
});

// Self-hosted runners often reach GitHub only through a proxy named in these variables.
describe("receive behind a proxy", () => {
  it("sends its GitHub API calls through HTTP_PROXY", async () => {
    const repo = freshRepo("proxied");
    const payload = await envelope(sampleWithCommits("analysis_run.started"));
    const run = await dispatch(gh, payload, {
      repo,
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
    });
    expect(run.code, run.stdout).toBe(0);
    const calls = requestsFor(gh, repo);
    expect(calls.length).toBeGreaterThan(0);
    const proxied = proxy.seen.filter((line) => line.includes(`/repos/${repo}/`));
    expect(proxied).toHaveLength(calls.length);
    expect(gh.violations).toEqual([]);
  });

  it("goes straight to GitHub when NO_PROXY names its host", async () => {
    const repo = freshRepo("unproxied");
    const payload = await envelope(sampleWithCommits("analysis_run.started"));
    const run = await dispatch(gh, payload, {
      repo,
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1,localhost" },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(requestsFor(gh, repo).length).toBeGreaterThan(0);
    expect(proxy.seen.filter((line) => line.includes(`/repos/${repo}/`))).toEqual([]);
  });
});
