/**
 * The deepest nesting of arrays and objects hookbridge accepts in a webhook body. Real payloads
 * need fewer than 12 levels; a limit far above that costs no real sender anything, while a body
 * thousands of levels deep would exhaust the stack of any recursive reader after the relay had
 * already told the provider it was delivered. The relay and the receive action share it.
 */
export const MAX_JSON_NESTING = 64;

/** Whether the quote at `at` is escaped: an odd run of backslashes right before it. */
function escapedAt(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c /* \ */; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * How deeply arrays and objects nest in JSON text, counted in one pass without recursion (so the
 * measure itself cannot overflow the stack): `1` → 0, `[]` → 1, `{"a":[{}]}` → 3. Brackets inside
 * strings do not count. The text need not be valid JSON; invalid text is refused by the parser.
 *
 * String contents are skipped with `indexOf` to the closing quote rather than read one character
 * at a time: most of a webhook body is inside strings, and this guard runs on every request.
 * Each backslash is counted at most once (it belongs to the one quote it precedes), so the pass
 * stays linear whatever the text.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escapedAt(text, end)) end = text.indexOf('"', end + 1);
      // An unterminated string: nothing after it counts, and the parser refuses the text.
      if (end === -1) break;
      i = end;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}

/** How many of `text`'s characters are `char`, counting no further than `limit + 1`. */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && count <= limit; at = text.indexOf(char, at + 1))
    count++;
  return count;
}

/**
 * The nesting depth when it exceeds `limit`, else undefined. Nesting can never go deeper than the
 * text has opening brackets, wherever they stand (in strings too), and `indexOf` counts those
 * much faster than {@link jsonNestingDepth} walks the text (docs/performance.md): a webhook body
 * has a few dozen, so the walk runs only for bodies that could be too deep.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  const braces = countUpTo(text, "{", limit);
  if (braces <= limit && braces + countUpTo(text, "[", limit - braces) <= limit) return undefined;
  const depth = jsonNestingDepth(text);
  return depth > limit ? depth : undefined;
}
