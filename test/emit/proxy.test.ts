import { afterEach, describe, expect, it } from "vitest";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { runEmit } from "../support/run-in-process.ts";
import { branchCreation } from "./github-events.ts";
import { type Receiver, selfSignedCertificate, startReceiver } from "./receiver.ts";

const SECRET = "a-shared-secret-of-some-length";

let open: (Receiver | LoopbackProxy)[] = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});

async function servers() {
  const plain = await startReceiver();
  const tls = await startReceiver(undefined, selfSignedCertificate());
  const proxy = await startLoopbackProxy();
  open.push(plain, tls, proxy);
  return { plain, tls, proxy };
}

function emit(urls: string[], env: Record<string, string>) {
  return runEmit({
    inputs: { url: urls.join("\n"), secret: SECRET, "insecure-ssl": "true" },
    eventName: "push",
    event: branchCreation(),
    env,
  });
}

// Self-hosted runners often reach the internet only through a proxy named in these variables.
describe("emit behind a proxy", () => {
  it("sends HTTP through the proxy and HTTPS through a CONNECT tunnel when HTTP(S)_PROXY is set", async () => {
    const { plain, tls, proxy } = await servers();
    const run = await emit([`${plain.origin}/hook`, `${tls.origin}/hook`], {
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
    });
    expect(run.code).toBe(0);
    expect(plain.requests).toHaveLength(1);
    expect(tls.requests).toHaveLength(1);
    expect(proxy.seen).toContain(`POST ${plain.origin}/hook`);
    expect(proxy.seen).toContain(`CONNECT ${new URL(tls.origin).host}`);
  });

  it("goes straight to hosts NO_PROXY names", async () => {
    const { plain, proxy } = await servers();
    const run = await emit([`${plain.origin}/hook`], {
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: "127.0.0.1",
    });
    expect(run.code).toBe(0);
    expect(plain.requests).toHaveLength(1);
    expect(proxy.seen).toEqual([]);
  });
});
