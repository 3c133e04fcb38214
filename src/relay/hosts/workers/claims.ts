import type {
  DurableObjectNamespace,
  DurableObjectState,
  Response as WorkerResponse,
} from "@cloudflare/workers-types/index.ts";

/** What the claims object answers: whether the caller may queue the delivery. */
export type ClaimState =
  /** Nobody holds it: the caller queues it, then confirms or releases. */
  | "new"
  /** Queued already, within the retention. */
  | "duplicate"
  /** Another request claimed it a moment ago and has not confirmed yet. */
  | "in-flight";

interface Held {
  readonly state: "pending" | "queued";
  /** Wall-clock milliseconds of the claim or the confirmation. */
  readonly at: number;
}

/**
 * A claim that was never confirmed nor released (the isolate holding it died between the claim
 * and the queue's answer) stops blocking copies after this long, so the provider's retry goes
 * through.
 */
const PENDING_MS = 60_000;

/**
 * The Durable Object behind dedupe on Workers: one instance per delivery (named by its dedupe
 * key), so every isolate and location asks the same single-threaded object, and storage reads
 * and writes inside one request are not interleaved with another's. The entry deletes itself
 * once the retention has passed.
 */
export class DeliveryClaims {
  readonly #state: DurableObjectState;

  constructor(state: DurableObjectState) {
    this.#state = state;
  }

  async fetch(request: Request): Promise<WorkerResponse> {
    const storage = this.#state.storage;
    const { pathname } = new URL(request.url);
    const now = Date.now();
    const answer = (state: ClaimState | "done") =>
      new Response(JSON.stringify({ state }), {
        headers: { "content-type": "application/json" },
      }) as unknown as WorkerResponse;
    if (pathname === "/claim") {
      const held = await storage.get<Held>("claim");
      if (held?.state === "queued") return answer("duplicate");
      if (held?.state === "pending" && now - held.at < PENDING_MS) return answer("in-flight");
      await storage.put<Held>("claim", { state: "pending", at: now });
      // A claim never confirmed must not outlive the pending window by much.
      await storage.setAlarm(now + PENDING_MS * 2);
      return answer("new");
    }
    if (pathname === "/confirm") {
      const { retentionMs } = (await request.json()) as { retentionMs: number };
      await storage.put<Held>("claim", { state: "queued", at: now });
      await storage.setAlarm(now + retentionMs);
      return answer("done");
    }
    if (pathname === "/release") {
      await storage.deleteAll();
      return answer("done");
    }
    return new Response("not found", { status: 404 }) as unknown as WorkerResponse;
  }

  /** The retention (or the pending window) has passed: forget the delivery. */
  async alarm(): Promise<void> {
    const storage = this.#state.storage;
    const held = await storage.get<Held>("claim");
    // A fresh claim made after a stale one: look again once its own window has passed.
    if (held?.state === "pending" && Date.now() - held.at < PENDING_MS) {
      await storage.setAlarm(held.at + PENDING_MS * 2);
      return;
    }
    await storage.deleteAll();
  }
}

/** A claim held by this request: confirm it once the queue took the delivery, else release it. */
export interface HeldClaim {
  readonly state: ClaimState;
  confirm(): Promise<void>;
  release(): Promise<void>;
}

/** Asks the delivery's claims object whether it may be queued. */
export async function claimDelivery(
  namespace: DurableObjectNamespace,
  key: string,
  retentionMs: number,
): Promise<HeldClaim> {
  const stub = namespace.get(namespace.idFromName(key));
  const call = async (path: string, body?: unknown): Promise<{ state: ClaimState | "done" }> => {
    const response = await stub.fetch(`https://claims.hookbridge${path}`, {
      method: "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`The delivery claims object answered ${response.status}.`);
    return (await response.json()) as { state: ClaimState | "done" };
  };
  const { state } = await call("/claim");
  return {
    state: state === "done" ? "new" : state,
    confirm: async () => {
      await call("/confirm", { retentionMs });
    },
    release: async () => {
      await call("/release");
    },
  };
}
