/**
 * Hidden HTML comments that let a later run find what an earlier run wrote (a comment, an issue,
 * a check run) and tell whether its own news is newer. GitHub renders them as nothing.
 */

const PREFIX = "hookbridge";

// Keys come from payloads; a comment must not be closable from inside (`-->`), so only a plain
// alphabet survives.
function safeKey(value: string): string {
  return value
    .replace(/[^\w.:-]/g, "_")
    .replace(/-{2,}/g, (dashes) => "-_".repeat(dashes.length).slice(0, dashes.length));
}

/** `<!-- hookbridge:<kind>:<key> -->`: identifies one thing across runs. */
export function marker(kind: string, key: string): string {
  return `<!-- ${PREFIX}:${kind}:${safeKey(key)} -->`;
}

export function hasMarker(text: string | null | undefined, mark: string): boolean {
  return typeof text === "string" && text.includes(mark);
}

/** `<!-- hookbridge:updated-at:<n> -->`: when the state shown was current, in provider units. */
export function stampMarker(stamp: number): string {
  return `<!-- ${PREFIX}:updated-at:${stamp} -->`;
}

export function readStamp(text: string | null | undefined): number | undefined {
  const match = /<!-- hookbridge:updated-at:(-?\d+(?:\.\d+)?) -->/.exec(text ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether news stamped `incoming` may replace what is shown, stamped `current`. Older news never
 * does; equal stamps do, so the same delivery run twice converges instead of being refused.
 */
export function isStale(incoming: number, current: number | undefined): boolean {
  return current !== undefined && incoming < current;
}
