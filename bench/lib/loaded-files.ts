/**
 * Preloaded with `node --import` to record every file a run loads, ES modules and CommonJS alike
 * (`module.registerHooks` sees both, dynamic `import()` of lazy chunks included), and write the
 * list to `BENCH_LOADED_FILES` at exit. Node's own modules are not files and are not counted:
 * they are part of the `node -e 0` baseline.
 */
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) loaded.add(fileURLToPath(url));
    return nextLoad(url, context);
  },
});
process.on("exit", () => {
  const out = process.env.BENCH_LOADED_FILES;
  if (out) writeFileSync(out, [...loaded].join("\n"));
});
