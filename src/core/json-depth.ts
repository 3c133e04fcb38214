/**
 * The deepest nesting of arrays and objects hookbridge accepts in a webhook body. Real payloads
 * need fewer than 12 levels; a limit far above that costs no real sender anything, while a body
 * thousands of levels deep would exhaust the stack of any recursive reader after the relay had
 * already told the provider it was delivered. The relay and the receive action share it.
 */
export const MAX_JSON_NESTING = 64;

/**
 * How deeply arrays and objects nest in JSON text, counted in one pass without recursion (so the
 * measure itself cannot overflow the stack): `1` → 0, `[]` → 1, `{"a":[{}]}` → 3. Brackets inside
 * strings do not count. The text need not be valid JSON; invalid text is refused by the parser.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}
