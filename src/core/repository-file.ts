/**
 * File paths and line numbers from payloads, made fit to name a place in the repository. A path
 * becomes part of a link and an annotation GitHub stores, so `../` must not climb out of the
 * repository (`/blob/<sha>/../../../../attacker/repo` is another repository's page once the
 * browser resolves it), and control characters must not reach either.
 */

/** GitHub's own limit for a path in the API is 4096 bytes; nothing longer names a real file. */
const MAX_PATH_CHARS = 4096;

// C0 and C1 controls (tab included), DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The path relative to the repository's root, `/`-separated, with `.` and empty segments dropped
 * and `..` resolved; undefined when it would leave the root, names nothing, holds a control
 * character or a backslash (which browsers read as `/`), or is implausibly long. Leading slashes
 * are taken as the root (analyzers report `/src/app.py`).
 */
export function repositoryFile(path: string): string | undefined {
  if (path.length > MAX_PATH_CHARS || CONTROL.test(path) || path.includes("\\")) return undefined;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.length > 0 ? segments.join("/") : undefined;
}

/** The highest line number hookbridge passes on; no source file a reviewer opens is longer. */
export const MAX_LINE = 1_000_000;

/** A line (or column) number as a whole number from 1 to {@link MAX_LINE}; 1 for nonsense. */
export function clampLine(value: number): number {
  if (!Number.isFinite(value)) return value > 0 ? MAX_LINE : 1;
  return Math.min(MAX_LINE, Math.max(1, Math.trunc(value)));
}
