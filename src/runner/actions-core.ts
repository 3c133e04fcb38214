import * as core from "@actions/core";
import { neutraliseLogText } from "../core/log-text.ts";
import { FileJobSummary, type JobSummary } from "./job-summary.ts";
import * as stepLog from "./step-log.ts";

/** The commands of `@actions/core` the actions use, the job summary aside. */
export type CoreCommands = Pick<typeof core, "getInput"> &
  stepLog.StepLog & {
    /** Every output the actions set is text already. */
    readonly setOutput: (name: string, value: string) => void;
  };

/** What both actions use of the runner: the commands, and a job summary they append text to. */
export type ActionsCore = CoreCommands & { readonly summary: JobSummary };

/**
 * The runner's own commands: inputs and outputs from `@actions/core`, log lines and workflow
 * commands printed as it prints them but without `process.stdout` (see step-log.ts).
 */
export function runnerCommands(): CoreCommands {
  // Named functions, not the namespace: a namespace passed as a value keeps all of
  // @actions/core in the bundle (its OIDC client, @actions/http-client and undici with it).
  return {
    getInput: core.getInput,
    setSecret: stepLog.setSecret,
    setOutput: core.setOutput,
    setFailed: stepLog.setFailed,
    info: stepLog.info,
    warning: stepLog.warning,
    debug: stepLog.debug,
  };
}

/** The runner's own commands and job summary (the file `GITHUB_STEP_SUMMARY` names in `env`). */
export function runnerCore(env: Readonly<Record<string, string | undefined>>): ActionsCore {
  return { ...runnerCommands(), summary: new FileJobSummary(env) };
}

/**
 * The core whose log calls print plain lines only: messages carry text from the event, from
 * receivers' answers and from inputs, any of which could otherwise form a workflow command.
 */
export function commandSafeCore<C extends CoreCommands>(actions: C): C {
  return {
    ...actions,
    info: (message) => actions.info(neutraliseLogText(message)),
    debug: (message) => actions.debug(neutraliseLogText(message)),
    warning: (message) => actions.warning(neutraliseLogText(String(message))),
    setFailed: (message) => actions.setFailed(neutraliseLogText(String(message))),
  };
}
