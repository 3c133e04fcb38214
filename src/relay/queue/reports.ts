import {
  MAX_REPORT_BYTES,
  type OutcomeReport,
  OutcomeReportSchema,
  verifyReport,
} from "../../core/outcome-report.ts";
import type { RelayConfig } from "../config.ts";
import { jsonAnswer, RelayFailure } from "../http/answers.ts";
import type { ReportRoute } from "../http/request.ts";
import type { DeliveryStore } from "./store.ts";

export interface ReportRouteDeps {
  readonly store: DeliveryStore;
  readonly now: () => number;
  /** Told of each report recorded (the admin metrics); nothing is done when absent. */
  readonly observe?: (report: OutcomeReport, latencyMs: number) => void;
}

const REFUSALS = {
  unsigned: "The report is not signed: the receive action signs it with the envelope's secret.",
  mismatch:
    "The report's signature does not match it under the provider's secrets, so it was refused.",
  stale:
    "The report's timestamp is outside the relay's replay window, so it was refused as a possible replay.",
} as const;

/**
 * `POST /reports/{id}`: the receive action's word on a delivery this relay dispatched. Verified
 * before it is read: the delivery must exist (its provider's secrets sign the report), the
 * signature must hold over the exact bytes and be recent, and a report is recorded once per
 * signing moment, never over an older one. The delivery is then `handled`.
 */
export function createReportRoute(config: RelayConfig, deps: ReportRouteDeps): ReportRoute {
  const { store, now } = deps;
  return async (request, id) => {
    if (request.method !== "POST")
      throw new RelayFailure(405, "method-not-allowed", "Only POST is accepted at /reports.", {
        allow: "POST",
      });
    const delivery = store.get(id);
    if (!delivery) {
      throw new RelayFailure(
        404,
        "report-unknown-delivery",
        "No delivery has this id, so the report was refused: a relay takes reports only for deliveries it dispatched.",
      );
    }
    const body = await request.body(MAX_REPORT_BYTES);
    const check = await verifyReport(
      id,
      body,
      (name) => request.header(name),
      config.secrets[delivery.provider] ?? [],
      { now: now(), toleranceSeconds: config.replayWindowSeconds },
    );
    if (!check.valid) throw new RelayFailure(401, `report-${check.reason}`, REFUSALS[check.reason]);
    let parsed: ReturnType<typeof OutcomeReportSchema.safeParse>;
    try {
      parsed = OutcomeReportSchema.safeParse(JSON.parse(new TextDecoder().decode(body)));
    } catch {
      parsed = { success: false } as typeof parsed;
    }
    if (!parsed.success || parsed.data.delivery !== id) {
      throw new RelayFailure(
        400,
        "report-invalid",
        "The report is signed but is not a hookbridge report about this delivery; send it from a receive action of this version.",
      );
    }
    if (delivery.state !== "dispatched" && delivery.state !== "handled") {
      throw new RelayFailure(
        409,
        "report-not-dispatched",
        `Delivery ${id} is ${delivery.state}, not dispatched, so the report was not recorded.`,
      );
    }
    const at = now();
    if (!store.recordReport(id, { ...parsed.data, signedAt: check.timestamp }, at)) {
      throw new RelayFailure(
        409,
        "report-replayed",
        `Delivery ${id} already holds a report signed as late or later, so this one was not recorded.`,
      );
    }
    deps.observe?.(parsed.data, Math.max(0, at - delivery.receivedAt));
    return jsonAnswer(202, { recorded: true, id, status: "handled" });
  };
}
