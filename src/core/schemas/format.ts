import type * as z from "zod/mini";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** One sentence naming the first failing path and what was expected there. */
export function describeZodError(error: z.core.$ZodError): string {
  const found = firstIssue(error.issues, []);
  if (!found) return "payload: invalid input";
  return `${formatPath(found.path)}: ${describeIssue(found.issue)}`;
}

function firstIssue(
  issues: readonly Issue[],
  base: Path,
): { issue: Issue; path: Path } | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  const path = [...base, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // The branch that got furthest (fewest complaints) is the one the sender most likely meant.
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    return firstIssue(closest, path) ?? { issue, path };
  }
  return { issue, path };
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${article(issue.expected)}${received(issue, describeValue)}`;
    case "invalid_value":
      return `expected ${issue.values.map(quote).join(" or ")}${received(issue, quote)}`;
    case "invalid_format": {
      const expected = issue.message.startsWith("expected")
        ? issue.message
        : `expected a valid ${issue.format}`;
      return `${expected}${received(issue, quote)}`;
    }
    case "too_small":
      return `expected at least ${String(issue.minimum)} (${issue.origin})${received(issue, describeValue)}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)} (${issue.origin})${received(issue, describeValue)}`;
    case "custom":
      return `${lowerFirst(issue.message)}${received(issue, describeValue)}`;
    default:
      return lowerFirst(issue.message);
  }
}

/** Zod only keeps the offending value when asked to (`reportInput`); say nothing rather than guess. */
function received(issue: Issue, describe: (value: unknown) => string): string {
  return "input" in issue ? `, received ${describe(issue.input)}` : "";
}

function formatPath(path: Path): string {
  if (path.length === 0) return "payload";
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function article(noun: string): string {
  if (noun === "int") return "an integer";
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}

function quote(value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    return describeValue(value);
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
