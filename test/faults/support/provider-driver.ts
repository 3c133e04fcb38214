import { setTimeout as sleep } from "node:timers/promises";
import type { RelayHandler } from "../../../src/relay/http/request.ts";

/**
 * DevRev's delivery schedule: the first attempt, a retry at once, then after 30 s and after
 * 3 minutes, and then it gives up. Scaled down 3,000 times here.
 */
export const DEVREV_RETRY_DELAYS_MS: readonly number[] = [0, 10, 60];

export interface Delivery {
  readonly id: string;
  readonly path: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string | null;
}

export interface DeliveryOutcome {
  readonly id: string;
  readonly answers: readonly Answer[];
  /** True when some attempt was answered 2xx; false when the provider gave up. */
  readonly delivered: boolean;
}

/** Sends one delivery as the provider would, retrying on anything but a 2xx. */
export async function deliver(
  relay: RelayHandler,
  delivery: Delivery,
  delays: readonly number[] = DEVREV_RETRY_DELAYS_MS,
): Promise<DeliveryOutcome> {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await sleep(delays[attempt - 1] ?? 0);
    const response = await relay(
      new Request(`http://relay.test${delivery.path}`, {
        method: "POST",
        headers: delivery.headers,
        body: Uint8Array.from(delivery.body),
      }),
    );
    answers.push({
      status: response.status,
      text: await response.text(),
      contentType: response.headers.get("content-type"),
    });
    if (response.status >= 200 && response.status < 300) {
      return { id: delivery.id, answers, delivered: true };
    }
  }
  return { id: delivery.id, answers, delivered: false };
}
