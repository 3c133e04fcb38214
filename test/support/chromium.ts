import { existsSync } from "node:fs";

/** Debian's Chromium; `.ci/run` installs it. No browser is downloaded. */
export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
/** On CI a browser check always runs: a missing browser fails it rather than passing unseen. */
export const chromiumRequired = process.env.CI === "true";
