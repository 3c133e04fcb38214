/**
 * Markdown built from webhook payloads. Every payload string goes through one of these helpers,
 * so a title or path cannot mention people, link issues, open HTML or break a table, and every
 * body stays under GitHub's size limits.
 */

/** GitHub refuses comment, issue and check run output bodies longer than 65,535 characters. */
export const GITHUB_TEXT_LIMIT = 65_535;
/** What we aim for: comfortably under the limit, whatever counts GitHub applies. */
export const MAX_BODY_CHARS = 65_000;

// C0/C1 controls (except tab and newline), and bidirectional overrides that can make text read
// differently from what it is ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI_CHARS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Characters that start markdown or HTML anywhere in a line: emphasis, code, links and images
// (through the bracket), raw HTML and entities, table cells, strikethrough, and GitHub's math.
const INLINE_SPECIAL = /[\\`*_[\]<>&|~$]/g;
const ZERO_WIDTH_SPACE = "\u200B";
// GitHub links `@name` (people and teams) and `#123`/`GH-123` (issues) found in rendered text,
// backslash escapes or not; a zero-width space after the sigil keeps the text and drops the link.
// It also links bare URLs (GFM's autolink extension: `http://`, `https://`, `ftp://` after
// anything but a letter, and `www.` after almost anything), which would link a payload's text
// outside the repository; the same space after the scheme or `www` keeps the text and drops the
// link. `www` is defused wherever it stands: one space too many costs nothing.
const REFERENCE =
  /(@(?=[\p{L}\p{N}_])|#(?=\d)|\bGH-(?=\d)|(?<![a-z])(?:https?|ftp)(?=:\/\/)|www(?=\.))/giu;

function clean(value: string): string {
  return value.replace(CONTROL_CHARS, "").replace(BIDI_CHARS, "").replace(/\r\n?/g, "\n");
}

/**
 * Inline text: one line, every markdown and HTML character escaped (and, at the start, what would
 * begin a heading, quote, list or rule), references defused.
 */
export function escapeText(value: string): string {
  return clean(value)
    .replace(/\s*\n\s*/g, " ")
    .trim()
    .replace(INLINE_SPECIAL, (char) => `\\${char}`)
    .replace(/^(?:>|[#+-](?=\s|$)|=+$|-+$)/, "\\$&")
    .replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2")
    .replace(REFERENCE, `$1${ZERO_WIDTH_SPACE}`);
}

/** Several lines of text: each escaped, paragraphs and line breaks kept. */
export function escapeLines(value: string): string {
  return clean(value)
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => escapeText(line.trim()))
        .filter((line) => line.length > 0)
        .join("  \n"),
    )
    .filter((paragraph) => paragraph.length > 0)
    .join("\n\n");
}

/** Text inside raw HTML (where markdown escapes do not apply): entities, references defused. */
export function escapeHtml(value: string): string {
  return clean(value)
    .replace(REFERENCE, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * An inline code span (its content is shown literally, and GitHub does not link references in
 * it). Inside a table a pipe still ends the cell unless escaped, hence `inTable`.
 */
export function code(value: string, inTable = false): string {
  let text = clean(value).replace(/\n/g, " ");
  if (inTable) text = text.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** An http(s) URL safe to put in a markdown link or table, or undefined for anything else. */
export function safeUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  return url.href.replace(
    /[()|<> ]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `[text](url)`, or the escaped text alone when the URL is not a plain http(s) URL. Only for a URL
 * GitHub's API answered with (what the action wrote, in this repository): one a payload names
 * goes through {@link linkInRepository}.
 */
export function link(text: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  return href ? `[${escapeText(text)}](${href})` : escapeText(text);
}

/** Where the workflow's repository is on its GitHub server. */
export interface RepositoryPlace {
  readonly serverUrl: string;
  readonly owner: string;
  readonly repo: string;
}

/** The repository's web address, e.g. `https://github.com/owner/repo`. */
export function repositoryUrl(place: RepositoryPlace): string {
  return `${place.serverUrl}/${encodeURIComponent(place.owner)}/${encodeURIComponent(place.repo)}`;
}

/**
 * `[text](url)` when a URL a payload names is inside the workflow's repository, the escaped text
 * alone otherwise: a payload never links a comment or summary elsewhere (to a look-alike pull
 * request, a sign-in page). GitHub reads owner and name in any case.
 */
export function linkInRepository(
  text: string,
  url: string | null | undefined,
  place: RepositoryPlace,
): string {
  const href = safeUrl(url);
  const root = safeUrl(repositoryUrl(place))?.toLowerCase();
  if (!href || !root || !place.owner || !place.repo) return escapeText(text);
  const inside =
    href.slice(0, root.length).toLowerCase() === root &&
    /^(?:[/?#]|$)/.test(href.slice(root.length));
  return inside ? `[${escapeText(text)}](${href})` : escapeText(text);
}

/** A markdown table; cells are markdown already (escape payload text before passing it). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell || " ").join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Shortens plain text to `max` characters (code points), marking the cut. */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * Cuts markdown to at most `limit` characters: at a line break where possible, never inside a
 * surrogate pair or after a lone backslash, closing an open code fence or `<details>`, and saying
 * how much was left out. Markers belong at the start of a body, where a cut never reaches.
 */
export function truncateMarkdown(text: string, limit: number = MAX_BODY_CHARS): string {
  if (text.length <= limit) return text;
  const reserve = 200;
  const budget = Math.max(0, limit - reserve);
  let cut = text.lastIndexOf("\n", budget);
  if (cut < budget / 2) cut = budget;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  let kept = text.slice(0, cut);
  const trailingBackslashes = /\\+$/.exec(kept)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) kept = kept.slice(0, -1);
  const fences = kept.match(/^ {0,3}```/gm)?.length ?? 0;
  if (fences % 2 === 1) kept += "\n```";
  const openDetails =
    (kept.match(/<details>/g)?.length ?? 0) - (kept.match(/<\/details>/g)?.length ?? 0);
  for (let i = 0; i < openDetails; i++) kept += "\n</details>";
  const omitted = text.length - cut;
  return `${kept}\n\n_… ${omitted.toLocaleString("en-US")} more characters cut to stay within GitHub's size limit._\n`;
}
