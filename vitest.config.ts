import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Most files wait on loopback servers, workerd or a child process rather than on the CPU, so
    // three at once keep two cores busy (one per core left them idle half the time: 189 s → 91 s).
    maxWorkers: 3,
    // Files share their worker's module cache instead of each starting a fresh process and loading
    // the same graph again (the GitHub stand-in's OpenAPI validators, zod schemas, undici): about
    // half a second of CPU per file. The tests keep no global state between files: no process.env
    // writes, no global dispatcher, no mocks; servers, relays and handlers are made per file.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
