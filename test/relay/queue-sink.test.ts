/**
 * The queue answers at receipt for what GitHub would refuse at dispatch: the dispatch is sized as
 * it will be sent (the routed repository, the reply, both signatures), without being signed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HookbridgeError } from "../../src/core/errors.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import {
  type Addressing,
  DISPATCH_FRAME_BYTES,
  encodeForGitHub,
  mostDispatchBytes,
  plainlyFitsGitHub,
  replyFor,
  sizeForGitHub,
} from "../../src/relay/delivery/outgoing.ts";
import { aboutRepository } from "../../src/relay/delivery/routing.ts";
import type { Delivery } from "../../src/relay/delivery/sink.ts";
import { openNodeStore } from "../../src/relay/queue/node-sqlite.ts";
import {
  createQueueSink,
  type QueueSink,
  timeOrderedId,
} from "../../src/relay/queue/queue-sink.ts";
import type { DeliveryStore } from "../../src/relay/queue/store.ts";
import { seeded } from "../support/random.ts";
import { tempDir } from "./queue-support.ts";
import { REPOSITORY, SECRETS, TOKEN } from "./support.ts";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const config = loadRelayConfig({
  HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
  HOOKBRIDGE_REPOSITORY: REPOSITORY,
  HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
  HOOKBRIDGE_PUBLIC_URL: "https://relay.example.com/hookbridge",
});

// Random text compresses little, so gzip does not rescue a body past GitHub's limit.
const random = seeded(23);
const NOISE = Array.from({ length: 200_000 }, () =>
  String.fromCharCode(97 + Math.floor(random() * 26)),
).join("");

/** A DeepSource delivery about REPOSITORY whose body carries `size` characters of noise. */
function delivery(size: number): Delivery {
  const json = {
    type: "analysis_run.updated",
    id: `sized-${size}`,
    data: {
      object: {
        runUid: `run-${size}`,
        repository: { vcsUrl: `https://github.com/${REPOSITORY}` },
        noise: NOISE.slice(0, size),
      },
    },
  };
  const text = JSON.stringify(json);
  return {
    provider: "deepsource",
    event: "analysis_run.updated",
    id: json.id,
    repository: REPOSITORY,
    named: { path: REPOSITORY, host: "github.com" },
    body: new TextEncoder().encode(text),
    bodyText: text,
    headers: { "x-deepsource-signature": `sha256=${"a".repeat(64)}` },
    json,
    receivedAt: NOW,
    dedupeKey: `deepsource\n${json.id}`,
  };
}

/** What the dispatcher will sign into the envelope of `of`, stored under some relay id. */
function addressingOf(of: Delivery): Addressing {
  return {
    repository: aboutRepository(config, of.named),
    reply: replyFor(config, crypto.randomUUID()),
  };
}

/** The refusal the dispatch itself meets, or undefined when it fits. */
async function atDispatch(of: Delivery, addressing: Addressing): Promise<unknown> {
  try {
    await encodeForGitHub(of, SECRETS.deepsource, NOW, addressing);
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * A delivery that fits GitHub's limit unaddressed but not with the repository and reply the
 * dispatch carries: the smallest noise past which the addressed dispatch no longer fits.
 */
async function justTooLargeWhenAddressed(): Promise<Delivery> {
  let fits = 0;
  let refused = NOISE.length;
  while (refused - fits > 1) {
    const middle = Math.floor((fits + refused) / 2);
    const probe = delivery(middle);
    if ((await atDispatch(probe, addressingOf(probe))) === undefined) fits = middle;
    else refused = middle;
  }
  return delivery(refused);
}

let dir: ReturnType<typeof tempDir>;
let store: DeliveryStore;
let sink: QueueSink;

beforeEach(() => {
  dir = tempDir();
  store = openNodeStore(dir.path);
  sink = createQueueSink(config, {
    commit: (batch) => store.insertBatch(batch, NOW),
    committed: () => {},
    now: () => NOW,
  });
});

afterEach(async () => {
  await sink.close();
  store.close();
  dir.remove();
});

describe("the queue sink at receipt", () => {
  it("refuses a delivery too large for GitHub even compressed with the dispatch's own answer, and stores nothing", async () => {
    const large = delivery(150_000);
    const refusal = (await atDispatch(large, addressingOf(large))) as HookbridgeError;
    expect(refusal).toMatchObject({ name: "PayloadTooLarge", status: 413 });
    expect(refusal.message).toBe(
      "The event is too large for GitHub's repository_dispatch even when compressed (limit 65535 bytes of JSON); ask the provider to send less, e.g. fewer events per webhook.",
    );
    await expect(sink.deliver(large, 0)).rejects.toEqual(refusal);
    expect(store.list({ limit: 10 })).toEqual([]);
  });

  it("refuses a delivery that fits only without the repository and reply its dispatch signs in", async () => {
    const edge = await justTooLargeWhenAddressed();
    expect(await atDispatch(edge, {})).toBeUndefined();
    expect(await atDispatch(edge, addressingOf(edge))).toMatchObject({ name: "PayloadTooLarge" });
    await expect(sink.deliver(edge, 0)).rejects.toMatchObject({
      name: "PayloadTooLarge",
      status: 413,
    });
    expect(store.list({ limit: 10 })).toEqual([]);
  });

  it("queues a delivery whose addressed dispatch fits, the largest one included", async () => {
    const edge = await justTooLargeWhenAddressed();
    const largest = delivery(Number(edge.id.slice("sized-".length)) - 1);
    expect(await atDispatch(largest, addressingOf(largest))).toBeUndefined();
    expect(await sink.deliver(largest, 0)).toEqual({ kind: "queued", id: expect.any(String) });
    expect(store.list({ limit: 10 }).map((row) => row.deliveryId)).toEqual([largest.id]);
  });
});

/** Random ASCII, control characters included: JSON escapes them to six bytes, and gzip saves little. */
const ASCII_NOISE = Array.from({ length: 80_000 }, () =>
  String.fromCharCode(Math.floor(random() * 128)),
).join("");
/** Control characters JSON escapes as `\u00XX`, six bytes for each byte of the body. */
const CONTROLS = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007".repeat(1_600);

/** A delivery whose body is `text` as it is: the sink sizes any text, JSON or not. */
function bodyOf(text: string, serial: number): Delivery {
  const base = delivery(0);
  const id = `text-${serial}`;
  return {
    ...base,
    id,
    body: new TextEncoder().encode(text),
    bodyText: text,
    dedupeKey: `deepsource\n${id}`,
  };
}

describe("the queue sink's size check", () => {
  // The sink skips serialising a body whose most escaped form (six bytes a byte) still fits; a
  // bound any looser would let through bodies that escape a lot and that gzip cannot rescue,
  // which GitHub refuses (the 60,000 characters of noise here, with a bound of one byte a byte).
  it("queues what its dispatch fits and refuses what it does not, whatever JSON makes of the body", async () => {
    const texts = [
      ...[1_000, 10_000, 30_000, 50_000, 60_000, 70_000].map((size) => ASCII_NOISE.slice(0, size)),
      ...[10_000, 10_700, 10_800, 10_850, 10_900, 11_000].map((size) => CONTROLS.slice(0, size)),
    ];
    const answers: string[] = [];
    for (const [serial, text] of texts.entries()) {
      const probe = bodyOf(text, serial);
      const expected = await atDispatch(probe, addressingOf(probe));
      const answer = await sink.deliver(probe, 0).then(
        (outcome) => outcome.kind,
        (error: HookbridgeError) => `${error.status}`,
      );
      expect(answer, `${text.length} characters`).toBe(expected === undefined ? "queued" : "413");
      answers.push(answer);
    }
    // Both answers were given, so the check was put to the test on either side.
    expect(new Set(answers)).toEqual(new Set(["queued", "413"]));
  });
});

describe("the bound a dispatch is sized by without building it", () => {
  // Escaped at their worst, six bytes a unit: control characters, a lone surrogate.
  const WORST = "\u0001\ud800\u001f";
  const addressing: Addressing = {
    repository: REPOSITORY,
    reply: { url: `https://relay.example.com/${WORST.repeat(30)}`, delivery: WORST.repeat(5) },
  };

  it("is never below the dispatch's size, whatever its fields hold", async () => {
    for (const repeat of [0, 1, 40, 400]) {
      // Six bytes for each byte of the body, too.
      const text = "\u0001\u001f".repeat(repeat);
      const probe: Delivery = {
        ...delivery(0),
        event: `e${WORST.repeat(8)}`,
        id: `"\\${"\\".repeat(repeat % 150)}`,
        headers: { [`x-${WORST.repeat(3)}`]: WORST.repeat(repeat), "x-second": WORST },
        body: new TextEncoder().encode(text),
        bodyText: text,
      };
      for (const addressed of [{}, addressing]) {
        const sized = await sizeForGitHub(probe, NOW, addressed);
        expect(mostDispatchBytes(probe, text, addressed), `${repeat}`).toBeGreaterThanOrEqual(
          sized.bytes,
        );
      }
    }
  });

  it("allows more for a dispatch's frame than a whole dispatch of one-character fields takes", async () => {
    const minimal: Delivery = {
      ...delivery(0),
      provider: "deepsource",
      event: "e",
      id: "i",
      headers: {},
      body: new Uint8Array(0),
      bodyText: "",
    };
    const sized = await sizeForGitHub(minimal, NOW, {
      repository: "o/r",
      reply: { url: "https://r", delivery: "d" },
    });
    expect(sized.bytes).toBeLessThan(DISPATCH_FRAME_BYTES);
  });

  it("lets a typical webhook through without sizing it, and still refuses a bad id at once", () => {
    expect(plainlyFitsGitHub(delivery(5_000), addressing)).toBe(true);
    expect(plainlyFitsGitHub(delivery(12_000), addressing)).toBe(false);
    expect(() => plainlyFitsGitHub({ ...delivery(10), id: "with space" }, addressing)).toThrow(
      "The delivery id must be 1 to 200 printable ASCII characters.",
    );
  });
});

describe("the relay's id for a delivery", () => {
  it("is a version 7 UUID that starts with the time of receipt, so ids sort in receipt order", async () => {
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const times = [0, 1, NOW - 1, NOW, NOW + 1, 2 ** 48 - 1];
    const ids = times.map((time) => timeOrderedId(time));
    for (const id of ids) expect(id).toMatch(v7);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[3]?.replace("-", "").slice(0, 12)).toBe(NOW.toString(16).padStart(12, "0"));
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedId(NOW))).size).toBe(1000);

    const queued = await sink.deliver(delivery(10), 0);
    expect(queued).toMatchObject({ kind: "queued" });
    expect((queued as { id: string }).id).toMatch(v7);
    expect((queued as { id: string }).id.replace("-", "").slice(0, 12)).toBe(
      NOW.toString(16).padStart(12, "0"),
    );
  });
});
