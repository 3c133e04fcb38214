/** Where the action reports progress: the runner's log, or whatever a caller of `run()` collects. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** Shown as an annotation on the workflow run. */
  warning(message: string): void;
}

/** Milliseconds since the epoch; passed in so age checks can be judged against any moment. */
export type Clock = () => number;
