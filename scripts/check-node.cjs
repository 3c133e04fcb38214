// Runs before `npm run demo` on whatever Node the machine has, so it is plain
// CommonJS with no syntax newer than Node 6: an old Node gets one sentence instead of
// ERR_UNKNOWN_FILE_EXTENSION from the TypeScript the demo runs.
"use strict";

const REQUIRED_MAJOR = 24;

/** The sentence to print for a Node version older than hookbridge needs, or null when it is fine. */
function nodeVersionProblem(version) {
  const major = Number(String(version).replace(/^v/, "").split(".")[0]);
  if (major >= REQUIRED_MAJOR) return null;
  return (
    "hookbridge needs Node " +
    REQUIRED_MAJOR +
    " or newer (you have " +
    version +
    "): " +
    "install it with nvm, fnm or volta (nvm install 24); docs/local.md shows every way."
  );
}

module.exports = { nodeVersionProblem: nodeVersionProblem, REQUIRED_MAJOR: REQUIRED_MAJOR };

if (require.main === module) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
