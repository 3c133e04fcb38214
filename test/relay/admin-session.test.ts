import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ADMIN_TOKEN, adminEnv, refuseDispatches } from "./admin-support.ts";
import {
  analysisRun,
  fastClock,
  type QueuedRelay,
  startQueuedRelay,
  tempDir,
  until,
} from "./queue-support.ts";

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let current: QueuedRelay;
const clock = fastClock(1);

beforeEach(async () => {
  gh = await startGitHubStandIn();
  dir = tempDir();
  current = await startQueuedRelay(gh, dir.path, clock, adminEnv);
});

afterEach(async () => {
  await current.relay.close();
  await gh.close();
  dir.remove();
});

const host = () => new URL(current.relay.url).host;
const origin = () => `http://${host()}`;

async function signIn(
  token = ADMIN_TOKEN,
  headers: Record<string, string> = { origin: origin() },
): Promise<Response> {
  return fetch(`${current.relay.url}/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ token }),
  });
}

async function session(): Promise<{ cookie: string; csrf: string }> {
  const response = await signIn();
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
  const { csrf } = (await response.json()) as { csrf: string };
  return { cookie, csrf };
}

describe("the /admin page's sessions", () => {
  it("serves the page with a strict CSP and its script and styles from the relay itself", async () => {
    const page = await fetch(`${current.relay.url}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style>|\son[a-z]+=|https?:\/\//);
    expect(html).toContain('<script src="/admin/app.js" defer></script>');
    const script = await fetch(`${current.relay.url}/admin/app.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const js = await script.text();
    expect(js).not.toContain("innerHTML");
    expect(js).not.toMatch(/https?:\/\//);
    expect((await fetch(`${current.relay.url}/admin/nothing`)).status).toBe(404);
    expect((await fetch(`${current.relay.url}/admin`, { method: "POST" })).status).toBe(405);
  });

  it("exchanges the token for an HttpOnly, SameSite=Strict, expiring cookie, only from its own origin", async () => {
    expect((await signIn(ADMIN_TOKEN, {})).status).toBe(401);
    expect((await signIn(ADMIN_TOKEN, { origin: "https://evil.example" })).status).toBe(401);
    const wrong = await signIn(`${ADMIN_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const response = await signIn();
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^hookbridge_admin=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const body = (await response.json()) as { csrf: string; expires_at: string };
    expect(body.csrf).toMatch(/^[\w-]{40,}$/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());

    const behindTls = await signIn(ADMIN_TOKEN, {
      origin: "https://relay.example",
      "x-forwarded-host": "relay.example",
      "x-forwarded-proto": "https",
    });
    expect(behindTls.headers.get("set-cookie")).toContain("Secure");
  });

  it("lets the cookie read, but change state only with the CSRF header from its own origin", async () => {
    refuseDispatches(gh, 1);
    const run = await analysisRun();
    const sent = await fetch(`${current.relay.url}/deepsource`, run.init);
    const { id } = (await sent.json()) as { id: string };
    const store = current.relay.queue?.store;
    await until(() => store?.get(id)?.state === "failed", "the delivery failed");

    const { cookie, csrf } = await session();
    const list = await fetch(`${current.relay.url}/deliveries`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { deliveries: unknown[] }).deliveries).toHaveLength(1);
    const again = await fetch(`${current.relay.url}/admin/session`, { headers: { cookie } });
    expect(((await again.json()) as { csrf: string }).csrf).toBe(csrf);

    const redeliver = (headers: Record<string, string>) =>
      fetch(`${current.relay.url}/deliveries/${id}/redeliver`, { method: "POST", headers });
    expect((await redeliver({ cookie, origin: origin() })).status).toBe(401);
    expect((await redeliver({ cookie, "x-hookbridge-csrf": csrf })).status).toBe(401);
    expect(
      (
        await redeliver({
          cookie,
          "x-hookbridge-csrf": csrf,
          origin: "https://evil.example",
        })
      ).status,
    ).toBe(401);
    expect(
      (await redeliver({ cookie, "x-hookbridge-csrf": `${csrf}x`, origin: origin() })).status,
    ).toBe(401);
    expect(store?.get(id)?.state).toBe("failed");
    expect((await redeliver({ cookie, "x-hookbridge-csrf": csrf, origin: origin() })).status).toBe(
      202,
    );
    await until(() => store?.get(id)?.state === "dispatched", "the redelivery was dispatched");

    const signOut = await fetch(`${current.relay.url}/admin/session`, {
      method: "DELETE",
      headers: { cookie, "x-hookbridge-csrf": csrf, origin: origin() },
    });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.get("set-cookie")).toMatch(/^hookbridge_admin=;.*Max-Age=0/);
    expect((await fetch(`${current.relay.url}/deliveries`, { headers: { cookie } })).status).toBe(
      401,
    );
  });
});
