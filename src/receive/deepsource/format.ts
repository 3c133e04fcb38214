import { HookbridgeError } from "../../core/errors.ts";
import type {
  Check,
  MetricValue,
  Repository,
  RepositoryMetricItem,
} from "../../core/schemas/deepsource.ts";
import { isCommitSha } from "../github-checks.ts";
import { clip, code, escapeText, repositoryUrl, safeUrl } from "../markdown.ts";
import type { RunnerContext } from "../source.ts";
import type { VerifiedEvent } from "../verify.ts";

const CATEGORY_LABELS: Record<string, string> = {
  ANTI_PATTERN: "Anti-pattern",
  BUG_RISK: "Bug risk",
  PERFORMANCE: "Performance",
  SECURITY: "Security",
  COVERAGE: "Coverage",
  TYPECHECK: "Type check",
  STYLE: "Style",
  DOCUMENTATION: "Documentation",
  DOC: "Documentation",
};

/** "BUG_RISK" → "Bug risk"; categories DeepSource adds later read sensibly too. */
export function categoryLabel(category: string): string {
  const known = CATEGORY_LABELS[category];
  if (known) return known;
  const words = category.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `owner/name` of the DeepSource repository (what DeepSource calls it, not where we act). */
export function repositoryName(repository: Repository): string {
  return `${repository.account.login}/${repository.name}`;
}

/**
 * The repository an event is about, as `owner/name` (more segments for GitLab subgroups): the
 * path of its `vcsUrl`, which is where the code lives, or else DeepSource's account and name.
 */
export function repositoryPath(repository: Repository): string {
  try {
    const path = decodeURIComponent(new URL(repository.vcsUrl).pathname)
      .replace(/^\/+|\/+$/g, "")
      .replace(/\.git$/, "");
    if (/^[^/]+(?:\/[^/]+)+$/.test(path)) return path;
  } catch {
    // Not a URL: DeepSource's own names say the same.
  }
  return repositoryName(repository);
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** DeepSource times are Unix seconds. */
export function isoTime(seconds: number | null | undefined): string | undefined {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.000Z$/, "Z");
}

export function readableTime(seconds: number | null | undefined): string {
  return isoTime(seconds)?.replace("T", " ").replace("Z", " UTC") ?? "unknown";
}

export function commitUrl(runner: RunnerContext, sha: string): string {
  return `${repositoryUrl(runner)}/commit/${encodeURIComponent(sha)}`;
}

/** A link to lines of a file at one commit, the way GitHub's "copy permalink" writes it. */
export function linesUrl(
  runner: RunnerContext,
  sha: string,
  path: string,
  begin: number,
  end: number,
): string {
  const file = path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
  const lines = end > begin ? `#L${begin}-L${end}` : `#L${begin}`;
  return `${repositoryUrl(runner)}/blob/${encodeURIComponent(sha)}/${file}${lines}`;
}

export function pullUrl(runner: RunnerContext, number: number): string {
  return `${repositoryUrl(runner)}/pull/${number}`;
}

/** `abc1234` linked to the commit in this repository. */
export function commitLink(runner: RunnerContext, sha: string): string {
  const url = safeUrl(commitUrl(runner, sha));
  return url ? `[${code(shortSha(sha), true)}](${url})` : code(shortSha(sha), true);
}

/** A count with its noun, singular or plural; "an unknown number of …" when DeepSource sent none. */
export function count(n: number | null | undefined, noun: string, plural = `${noun}s`): string {
  if (n === null || n === undefined) return `an unknown number of ${plural}`;
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}

/** A counter for a table cell or a title: the number, or "?" when DeepSource sent none. */
export function tally(n: number | null | undefined): string {
  return n === null || n === undefined ? "?" : n.toLocaleString("en-US");
}

/** A counter as an output: the number, or empty when DeepSource sent none. */
export function counterOutput(n: number | null | undefined): string {
  return n === null || n === undefined ? "" : String(n);
}

/**
 * When the event happened, in Unix seconds, for ordering: the envelope's `createdAt`, or, when
 * DeepSource left it out, the relay's receipt of the delivery.
 */
export function eventStamp(createdAt: number | undefined, event: VerifiedEvent): number {
  return createdAt ?? Math.floor(Date.parse(event.relayed.receivedAt) / 1000);
}

/** A payload string for a table cell. */
export function cell(value: string | null | undefined): string {
  return value ? escapeText(value) : "";
}

/** Check runs and statuses need a real commit; say so plainly instead of letting GitHub answer 422. */
export function requireCommitSha(sha: string, field: string): void {
  if (isCommitSha(sha)) return;
  throw new HookbridgeError(
    "InvalidPayload",
    `DeepSource's ${field} "${clip(sha, 50)}" is not a full commit SHA, so there is no commit to attach to (DeepSource's documentation samples carry such placeholders; real deliveries name the analysed commit).`,
  );
}

/** A metric item's most recent measurement. */
export function latestValue(item: RepositoryMetricItem): MetricValue | undefined {
  return (item.values ?? []).reduce<MetricValue | undefined>(
    (latest, value) =>
      latest === undefined || value.createdAt > latest.createdAt ? value : latest,
    undefined,
  );
}

/** The name of an analyzer's check run, and of its commit status. */
export function checkRunName(check: Check): string {
  return `DeepSource: ${check.analyzer.name}`.slice(0, 100);
}
