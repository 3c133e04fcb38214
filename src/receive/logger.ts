import { neutraliseLogText } from "../core/log-text.ts";

/** Where the action reports progress: the runner's log, or whatever a caller of `run()` collects. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** Shown as an annotation on the workflow run. */
  warning(message: string): void;
}

/** Milliseconds since the epoch; passed in so age checks can be judged against any moment. */
export type Clock = () => number;

/**
 * The logger every part of the action is given: each message made a plain log line first
 * (payload text quoted in a message could otherwise form a workflow command), so no call site has
 * to remember it.
 */
export function commandSafe(logger: Logger): Logger {
  return {
    debug: (message) => logger.debug(neutraliseLogText(message)),
    info: (message) => logger.info(neutraliseLogText(message)),
    warning: (message) => logger.warning(neutraliseLogText(message)),
  };
}
