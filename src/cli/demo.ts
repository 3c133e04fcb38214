import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HookbridgeError } from "../core/errors.ts";
import type { Io } from "./sign-verify.ts";

/** `hookbridge demo`: runs the local end-to-end demo that ships with a clone of the repository. */
export async function demo(args: string[], _io: Io): Promise<number> {
  // Both src/cli/ and dist/cli/ sit two levels below the repository root. The path is joined at
  // run time so the bundler does not mistake the demo for an asset to copy into the bundle.
  const parts = ["..", "..", "demo", "index.ts"];
  const script = join(dirname(fileURLToPath(import.meta.url)), ...parts);
  if (!existsSync(script)) {
    throw new HookbridgeError(
      "ConfigError",
      "The demo runs from a clone of the hookbridge repository: git clone it, then npm ci && npm run demo.",
    );
  }
  const child = spawn(process.execPath, [script, ...args], { stdio: "inherit" });
  return await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}
