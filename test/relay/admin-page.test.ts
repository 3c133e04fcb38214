import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, chromiumRequired, haveChromium } from "../support/chromium.ts";
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
import { ROOT } from "./support.ts";

if (!haveChromium && !chromiumRequired)
  console.warn(
    `Skipping the admin page's browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`,
  );

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let relay: QueuedRelay;
let browser: Browser;
let failedId: string;
let failedBody: string;
const clock = fastClock(1);

beforeAll(async () => {
  if (!haveChromium && !chromiumRequired) return;
  if (!haveChromium) {
    throw new Error(
      `${CHROMIUM} is missing, and with CI=true the admin page's browser test must run: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`,
    );
  }
  gh = await startGitHubStandIn();
  dir = tempDir();
  relay = await startQueuedRelay(gh, dir.path, clock, adminEnv);
  const store = relay.relay.queue?.store;
  const send = async (init: RequestInit) => {
    const response = await fetch(`${relay.relay.url}/deepsource`, init);
    const { id } = (await response.json()) as { id: string };
    await until(() => store?.stats(clock.now()).pending === 0, "the delivery settled");
    return id;
  };
  // GitHub refuses the first dispatch for good, so that delivery ends `failed`.
  refuseDispatches(gh, 1);
  // Its body carries markup: the page must show it as text, never run it.
  const first = await analysisRun({ runUid: "page-1<img src=x onerror=window.__pwned=1>" });
  failedBody = new TextDecoder().decode(first.init.body as Uint8Array);
  failedId = await send(first.init);
  await send((await analysisRun({ runUid: "page-2" })).init);
  await send((await analysisRun({ runUid: "page-3", status: "SUCCESS" })).init);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 60_000);

afterAll(async () => {
  if (!haveChromium && !chromiumRequired) return;
  await browser?.close();
  await relay?.relay.close();
  await gh?.close();
  dir?.remove();
});

/** The page's problems: script errors and CSP refusals show up as console errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/**
 * What axe-core (the accessibility engine browsers' own audits use) finds against WCAG 2 A and AA
 * on the page as it stands. Its script is injected, so the context that runs it bypasses the CSP.
 */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    })) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
  });
}

/** The picture in docs/delivery-log.md; rewritten only with UPDATE_SCREENSHOTS=1. */
async function screenshot(page: Page): Promise<void> {
  const shots = tempDir();
  const shot = join(shots.path, "admin.png");
  await page.screenshot({ path: shot });
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    mkdirSync(join(ROOT, "docs/images"), { recursive: true });
    copyFileSync(shot, join(ROOT, "docs/images/admin.png"));
  }
  shots.remove();
}

describe.skipIf(!haveChromium && !chromiumRequired)("the /admin page in headless Chromium", () => {
  it("refuses a wrong token, signs in, shows the failed delivery, redelivers it and watches it turn dispatched", async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 520 } });
    // The page's own timers on a clock the test moves: its 5 s auto-refresh fires when told to.
    await context.clock.install();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${relay.relay.url}/admin`);

    // A wrong token: refused, still on the sign-in form.
    const token = page.getByLabel("Admin token (HOOKBRIDGE_ADMIN_TOKEN)");
    await token.fill(`${ADMIN_TOKEN.slice(0, -4)}0000`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toMatch(/not the relay's admin token/);
    expect(await page.locator("#log").isVisible()).toBe(false);

    // The right one, submitted from the keyboard.
    await token.fill(ADMIN_TOKEN);
    await token.press("Enter");
    await page.getByRole("heading", { name: "Recent deliveries" }).waitFor();
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe("");

    const rows = page.locator("#deliveries tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    const failedRow = page.locator(`#deliveries tbody tr[data-id="${failedId}"]`);
    expect(await failedRow.locator("td.status").textContent()).toBe("failed");
    expect(await failedRow.locator("td").last().textContent()).toMatch(/422/);
    await screenshot(page);

    // Filter by status.
    await page.getByLabel("Status").selectOption("failed");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Status").selectOption("");
    await expect.poll(() => rows.count()).toBe(3);

    // Open it from the keyboard.
    await failedRow.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Delivery" }).waitFor();
    const attempts = page.locator("#attempts tbody tr");
    expect(await attempts.count()).toBe(1);
    expect(await attempts.locator("td").nth(1).textContent()).toBe("422");
    expect(await page.locator("#body").isVisible()).toBe(false);

    // The body only when asked, as text.
    await page.getByRole("button", { name: "Show body" }).click();
    await page.locator("#body").waitFor();
    expect(await page.locator("#body").textContent()).toBe(failedBody);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => "__pwned" in window)).toBe(false);

    // Redeliver: GitHub now accepts; auto-refresh shows the outcome. Each look moves the page's
    // clock past one refresh interval rather than waiting the interval out.
    await page.getByRole("button", { name: "Redeliver" }).click();
    const afterRefresh = async <T>(read: () => Promise<T>): Promise<T> => {
      await page.clock.fastForward(5000);
      return read();
    };
    await expect
      .poll(() => afterRefresh(() => page.locator("#facts dd.status").textContent()), {
        timeout: 20_000,
      })
      .toBe("dispatched");
    await expect.poll(() => afterRefresh(() => attempts.count()), { timeout: 10_000 }).toBe(2);
    expect(await attempts.nth(1).locator("td").nth(1).textContent()).toBe("204");
    expect(relay.relay.queue?.store.get(failedId)?.state).toBe("dispatched");

    // Back to the list, where the delivery now shows as dispatched.
    await page.getByRole("button", { name: "Back to the list" }).click();
    await expect.poll(() => failedRow.locator("td.status").textContent()).toBe("dispatched");

    // Readable on a phone: nothing wider than the screen but the tables' own scroll boxes.
    await page.setViewportSize({ width: 375, height: 700 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // Signing out ends the session: the API refuses the cookie afterwards.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const after = await page.evaluate(async () => (await fetch("/deliveries")).status);
    expect(after).toBe(401);
    expect(errors.filter((error) => !/401 \(Unauthorized\)/.test(error))).toEqual([]);
    await context.close();
  }, 60_000);

  it("passes axe-core's WCAG 2.1 A and AA checks on the sign-in form, the list and the detail view, in light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ bypassCSP: true, colorScheme });
      const page = await context.newPage();
      await page.goto(`${relay.relay.url}/admin`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByLabel("Admin token (HOOKBRIDGE_ADMIN_TOKEN)").fill(ADMIN_TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator("#deliveries tbody tr").count()).toBe(3);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.locator(`#deliveries tbody tr[data-id="${failedId}"] button`).click();
      await page.getByRole("heading", { name: "Delivery" }).waitFor();
      await page.getByRole("button", { name: "Show body" }).click();
      await page.locator("#body").waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      // On a phone the attempts table is wider than the screen: its scroll box must take the
      // keyboard, or the Error column cannot be reached (axe: scrollable-region-focusable).
      await page.setViewportSize({ width: 375, height: 700 });
      const attempts = page.getByRole("region", { name: "Attempts" });
      expect(await attempts.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await attempts.focus();
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => attempts.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
      await context.close();
    }
  }, 60_000);
});
