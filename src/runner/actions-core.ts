import * as core from "@actions/core";
import { neutraliseLogText } from "../core/log-text.ts";

/** The parts of `@actions/core` the actions use; tests pass their own, which record each call. */
export type ActionsCore = Pick<
  typeof core,
  "getInput" | "setSecret" | "setOutput" | "setFailed" | "info" | "warning" | "debug" | "summary"
>;

/** The runner's own `@actions/core`. */
export function runnerCore(): ActionsCore {
  // Named functions, not the namespace: a namespace passed as a value keeps all of
  // @actions/core in the bundle (its OIDC client, @actions/http-client and undici with it).
  return {
    getInput: core.getInput,
    setSecret: core.setSecret,
    setOutput: core.setOutput,
    setFailed: core.setFailed,
    info: core.info,
    warning: core.warning,
    debug: core.debug,
    summary: core.summary,
  };
}

/**
 * The core whose log calls print plain lines only: messages carry text from the event, from
 * receivers' answers and from inputs, any of which could otherwise form a workflow command.
 */
export function commandSafeCore(actions: ActionsCore): ActionsCore {
  return {
    ...actions,
    info: (message) => actions.info(neutraliseLogText(message)),
    debug: (message) => actions.debug(neutraliseLogText(message)),
    warning: (message) => actions.warning(neutraliseLogText(String(message))),
    setFailed: (message) => actions.setFailed(neutraliseLogText(String(message))),
  };
}
