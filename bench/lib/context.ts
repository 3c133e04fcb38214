import type { LoadGenerator } from "../load/generator.ts";
import type { Knobs } from "./knobs.ts";
import type { Pinning } from "./tools.ts";

/** What every figure gets from the run: settings, pinning, tools and a scratch directory. */
export interface BenchContext {
  readonly knobs: Knobs;
  readonly pin: Pinning;
  readonly load: LoadGenerator;
  /** hyperfine's path when installed. */
  readonly hyperfine: string | undefined;
  readonly scratch: string;
  /** One line of progress on stderr, so the table on stdout stays clean. */
  readonly progress: (line: string) => void;
}
