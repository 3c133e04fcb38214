import { getProvider } from "../../core/providers.ts";
import type { RelayConfig } from "../config.ts";

interface Described {
  readonly provider: string;
  readonly event: string;
  readonly json: unknown;
  /** Why routing sends the delivery nowhere (HOOKBRIDGE_REPOSITORIES), if it does. */
  readonly ignored?: string | undefined;
}

export interface Policy {
  /**
   * Deliveries with the same key describe the same object; while one waits, a newer one
   * replaces it, since the receive action only acts on the newest state anyway.
   */
  readonly coalesceKey: string | undefined;
  /** The payload's own version of that object: newer means a greater number. */
  readonly coalesceVersion: number | undefined;
  /** Why the delivery is recorded but not dispatched, or `undefined` to dispatch it. */
  readonly filtered: string | undefined;
}

/**
 * How one delivery is treated by the queue: coalesced with others, filtered, or neither. The
 * rules are the provider's own (its descriptor's `coalesceKey` and `withheld`).
 */
export function deliveryPolicy(
  config: Pick<RelayConfig, "providerSettings">,
  delivery: Described,
): Policy {
  const provider = getProvider(delivery.provider);
  // Routing's verdict comes first: such a delivery is recorded, never dispatched.
  const filtered = delivery.ignored ?? provider?.withheld?.(delivery, config.providerSettings);
  const coalesceKey = provider?.coalesceKey?.(delivery);
  const coalesceVersion =
    coalesceKey === undefined ? undefined : provider?.coalesceVersion?.(delivery);
  return { coalesceKey, coalesceVersion, filtered };
}
