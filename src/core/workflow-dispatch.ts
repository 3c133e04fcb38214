/**
 * A relay's `workflow_dispatch`, as both ends read it: the relay fills one input with the
 * envelope, and the receive action finds it there.
 */

/** The input the workflow declares (`type: string`): the envelope, as JSON text. */
export const ENVELOPE_INPUT = "envelope";

/** GitHub's limit on a `workflow_dispatch`'s inputs, counted as the characters of their JSON. */
export const MAX_WORKFLOW_INPUTS_CHARACTERS = 65_535;

/** The run a `workflow_dispatch` started, as GitHub's answer names it. */
export interface StartedRun {
  readonly id: number;
  /** The run's page. */
  readonly url: string;
}
