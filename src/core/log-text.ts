/**
 * Text bound for a runner's log, made unable to act as a workflow command. The runner reads every
 * line of a step's output (split at CR and LF) and runs a line as a command when, trimmed, it
 * starts with `::` (`::add-mask::`, `::stop-commands::`, `::warning::`…), or when it holds the
 * older `##[command]` form anywhere. Payload text reaches log lines (error messages quote fields),
 * so every logged line passes through here: line breaks and other control characters become
 * visible escapes, a leading `::` is split, and `##[` is broken up. `%0A`-style escapes need
 * nothing: the runner decodes them only inside a command's own data and properties, never in a
 * plain line, and @actions/core encodes `%` in what it issues.
 */

// C0 and C1 controls (tab kept), DEL, and the Unicode line and paragraph separators, which some
// log readers also treat as line ends.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is escaped
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

function visible(char: string): string {
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** One log line that no runner parses as a command, whatever `text` held. */
export function neutraliseLogText(text: string): string {
  const oneLine = text.replace(CONTROL, visible).replaceAll("##[", "##\\[");
  // The runner trims (Unicode whitespace) before looking for `::`.
  const start = oneLine.length - oneLine.trimStart().length;
  return oneLine.startsWith("::", start)
    ? `${oneLine.slice(0, start)}:\\:${oneLine.slice(start + 2)}`
    : oneLine;
}
