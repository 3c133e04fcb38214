import { deepsource } from "../../core/providers/deepsource.ts";
import { ownSettings } from "../../core/providers/descriptor.ts";
import type { Settings } from "../inputs.ts";

/** DeepSource's own inputs (its descriptor's `reactionInputs`), as the action read them. */
export function deepsourceInputs(settings: Settings) {
  return ownSettings(deepsource.reactionInputs, settings.reactionInputs);
}
