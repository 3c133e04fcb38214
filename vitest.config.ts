import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Most files wait on loopback servers, workerd or a child process rather than on the CPU, so
    // three at once keep two cores busy (one per core left them idle half the time: 189 s → 91 s).
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
