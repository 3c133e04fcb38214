import type { GitHubStandIn } from "../support/github-stand-in/index.ts";
import { DISPATCHES } from "./support.ts";

/** 64 characters, as `openssl rand -hex 32` makes them. */
export const ADMIN_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

export const adminEnv = { HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN };

export const bearer = (token = ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` });

/** GitHub refuses the next `count` dispatches for good (422), so those deliveries end `failed`. */
export function refuseDispatches(
  gh: GitHubStandIn,
  count = 1,
  message = "Invalid request: the event_type is not allowed here.",
): void {
  gh.fail(
    DISPATCHES,
    Array.from({ length: count }, () => ({
      status: 422,
      body: {
        message,
        documentation_url:
          "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event",
      },
    })),
  );
}

export interface ListedDelivery {
  readonly id: string;
  readonly provider: string;
  readonly event: string;
  readonly status: string;
  readonly repository: string | null;
  readonly delivery_id: string;
  readonly received_at: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly dispatched_at: string | null;
}

export interface DeliveryDetail extends ListedDelivery {
  readonly attempt_history: {
    at: string;
    status: number | null;
    duration_ms: number;
    error: string | null;
  }[];
  readonly body?: string;
}
