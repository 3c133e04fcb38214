// Kept over @actions/core's summary, which adds 2 ms of CPU to a receive run (docs/performance.md).
import { accessSync, appendFileSync, constants } from "node:fs";

/** The part of `@actions/core`'s job summary the actions use: text (markdown or HTML), appended. */
export interface JobSummary {
  addRaw(text: string): JobSummary;
  write(): Promise<unknown>;
}

/**
 * `@actions/core`'s `summary.addRaw(text).write()`, with the same checks and messages (the file
 * byte for byte, held by test/runner/job-summary.test.ts), written with `node:fs`'s synchronous
 * calls. `@actions/core`'s summary module takes `fs.promises` when it loads, which loads Node's
 * promise file API and its readline and file-watching modules, for one append to a small file.
 */
export class FileJobSummary implements JobSummary {
  readonly #env: Readonly<Record<string, string | undefined>>;
  #buffer = "";

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  addRaw(text: string): this {
    this.#buffer += text;
    return this;
  }

  async write(): Promise<this> {
    const path = this.#env.GITHUB_STEP_SUMMARY;
    if (!path) {
      throw new Error(
        "Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.",
      );
    }
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`,
      );
    }
    appendFileSync(path, this.#buffer, { encoding: "utf8" });
    this.#buffer = "";
    return this;
  }
}
