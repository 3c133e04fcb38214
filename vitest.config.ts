import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, mostly waiting (real budgets, workerd, Chromium, child
 * processes), longest first. Started first, their waits overlap the other files' CPU work;
 * started last (vitest runs larger files first when it has no timings from an earlier run, as
 * on a fresh checkout), they alone would make the end of the run.
 */
const START_FIRST = [
  "test/relay/admin-shared.test.ts",
  "test/relay/admin-page.test.ts",
  "test/faults/upstream-faults.test.ts",
  "test/faults/relay-fuzz.test.ts",
  "test/demo.test.ts",
  "test/relay/node-server.test.ts",
  "test/relay/queue-shared.test.ts",
  "test/e2e/wrangler-dev.test.ts",
  "test/relay/queue-crash.test.ts",
  "test/relay/queue.test.ts",
  "test/relay/worker.test.ts",
  "test/relay/worker-queue.test.ts",
  "test/core/envelope.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const at = START_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return at === -1 ? START_FIRST.length : at;
    };
    // Array sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // dist/ built from the source under test first: several files run the built bundles.
    globalSetup: ["test/support/build-dist.ts"],
    // Most files wait on loopback servers, workerd or a child process rather than on the CPU, so
    // three at once keep two cores busy (one per core left them idle half the time: 189 s → 91 s).
    maxWorkers: 3,
    // Files share their worker's module cache instead of each starting a fresh process and loading
    // the same graph again (the GitHub stand-in's OpenAPI validators, zod schemas, undici): about
    // half a second of CPU per file. The tests keep no global state between files: no process.env
    // writes, no global dispatcher, no mocks; servers, relays and handlers are made per file.
    isolate: false,
    sequence: {
      sequencer: LongestFirst,
      // Tests run in a shuffled order within each file, the same order on every run of the same
      // tree, so a test that leans on another having run first fails here rather than once in a
      // while. Another order: npx vitest run --sequence.seed=N. (Files keep LongestFirst's order.)
      shuffle: { files: false, tests: true },
      seed: 20_260_301,
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
