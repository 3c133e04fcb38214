// Restores the lockfile entries of Biome's platform binaries that npm drops when the registry it
// resolved against lacks them. Without the entries `npm ci` refuses the lockfile as out of sync;
// with them it installs the one binary matching the machine and skips the rest. Run after
// `npm install` changes package-lock.json.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const biome = lock.packages["node_modules/@biomejs/biome"];
const platforms = {
  "android-arm64": ["android", "arm64"],
  "android-x64": ["android", "x64"],
  "darwin-arm64": ["darwin", "arm64"],
  "darwin-x64": ["darwin", "x64"],
  "linux-arm64": ["linux", "arm64", "glibc"],
  "linux-arm64-musl": ["linux", "arm64", "musl"],
  "linux-x64": ["linux", "x64", "glibc"],
  "linux-x64-musl": ["linux", "x64", "musl"],
  "win32-arm64": ["win32", "arm64"],
  "win32-x64": ["win32", "x64"],
};
let added = 0;
for (const [name, [os, cpu, libc]] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/cli-${name}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version: biome.version,
    cpu: [cpu],
    dev: true,
    ...(libc ? { libc: [libc] } : {}),
    license: biome.license,
    optional: true,
    os: [os],
    engines: biome.engines,
  };
  added++;
}
const root = lock.packages[""];
const rest = Object.keys(lock.packages)
  .filter((key) => key !== "")
  .sort((a, b) => a.localeCompare(b));
lock.packages = Object.fromEntries([["", root], ...rest.map((key) => [key, lock.packages[key]])]);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added
    ? `Added ${added} Biome platform entries to package-lock.json.`
    : "package-lock.json already lists every Biome platform.",
);
