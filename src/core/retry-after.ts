/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), at least 0;
 * undefined when the value is missing or unusable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month; without letters, Date.parse reads "-5" as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The longest wait the relay passes on to a provider. A sender told to wait longer than its own
 * retry schedule gives the delivery up, and a date decades ahead (a clock error or a hostile
 * upstream) would otherwise become a wait of decades; an hour is past any real GitHub limit.
 */
export const MAX_RETRY_AFTER_SECONDS = 3600;

/** Whole seconds between 1 and `MAX_RETRY_AFTER_SECONDS` for a wait given in milliseconds. */
export function clampRetryAfterSeconds(waitMs: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(waitMs / 1000)));
}
