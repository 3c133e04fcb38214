#!/usr/bin/env node
import checkNode from "../../scripts/check-node.cjs";

// Checked before the commands load: on an older Node the relay stops on node:sqlite and other
// commands on newer built-in APIs, with errors that do not say the version is the cause.
const tooOld = checkNode.nodeVersionProblem(process.version);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = 2;
} else {
  // A reader that stops early (`hookbridge sign … | head -1`) closes the pipe: what is left to
  // print has no one to read it, which is how a pipeline ends, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit();
    });
  }
  const { main } = await import("./main.ts");
  process.exitCode = await main(process.argv.slice(2));
}
