/**
 * A local stand-in for the parts of api.github.com hookbridge uses: a real HTTP server with
 * state, checking every request against GitHub's OpenAPI description.
 *
 *   const gh = await startGitHubStandIn();
 *   process.env.GITHUB_API_URL = gh.url;
 *   ...
 *   expect(gh.violations).toEqual([]);
 *   await gh.close();
 */
import { Authenticator, type AuthOptions } from "./auth.ts";
import { type FaultStep, Faults, type Matcher } from "./faults.ts";
import { loadOpenApiSubset, type OpenApiSubset } from "./openapi-subset.ts";
import { Router } from "./router.ts";
import { handlers } from "./routes/index.ts";
import { type RecordedRequest, StandInServer } from "./server.ts";
import { type AuthorRecord, type IssueRecord, type PullRecord, StandInState } from "./state.ts";
import { OpenApiValidator } from "./validator.ts";

export type { FaultStep, Matcher } from "./faults.ts";
export type { RecordedRequest } from "./server.ts";
export type {
  AnnotationRecord,
  AuthorRecord,
  CheckRunRecord,
  CommentRecord,
  DispatchRecord,
  InstallationTokenRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  RepoState,
  StandInState,
  StatusRecord,
} from "./state.ts";

export interface GitHubStandInOptions extends AuthOptions {
  /** Only these `owner/repo` exist (others answer 404); any repository when not set. */
  readonly repositories?: readonly string[];
  /** Base of `html_url`s; `https://github.com` by default. */
  readonly htmlUrl?: string;
  /** The clock for timestamps and token expiry. */
  readonly now?: () => Date;
  /**
   * The App's installation id per owner (case-insensitive): `GET /repos/{owner}/{repo}/installation`
   * answers 404 for other owners, and a minted token reaches only its installation's owner.
   * Without it, every repository has an installation and every token reaches everything.
   */
  readonly installations?: Readonly<Record<string, number>>;
  /** How long minted installation tokens live; an hour by default, as on GitHub. */
  readonly tokenLifetimeMs?: number;
  /** Makes the token a personal one of this user (GET /user answers it, it authors writes). */
  readonly tokenUser?: AuthorRecord;
}

export interface PullRequestSeed {
  /** Defaults to the next free issue/PR number. */
  readonly number?: number;
  readonly head: { readonly sha: string; readonly ref: string };
  readonly base?: { readonly sha?: string; readonly ref?: string };
  readonly title?: string;
  readonly body?: string | null;
  readonly state?: "open" | "closed";
  readonly draft?: boolean;
  readonly merged?: boolean;
  readonly labels?: readonly string[];
}

export interface GitHubStandIn {
  /** `http://127.0.0.1:PORT`, for `GITHUB_API_URL` or Octokit's `baseUrl`. */
  readonly url: string;
  readonly state: StandInState;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests the real API would reject or that the stand-in cannot serve, one sentence each. */
  readonly violations: readonly string[];
  /** Makes a pull request exist (it is also issue `number`, as on GitHub). */
  seedPullRequest(repo: string, seed: PullRequestSeed): PullRecord;
  /** The next matching requests get these answers, one each, in order. */
  fail(matcher: Matcher, responses: FaultStep | readonly FaultStep[]): void;
  /**
   * Until called again without `step`, every matching request gets `step` (GitHub down, or
   * rate-limiting): `{ reset: true }`, `{ status: 503 }`, `{ status: 429, headers: … }`.
   */
  setOutage(matcher: Matcher, step?: FaultStep): void;
  /** Every matching request waits this long first; 0 removes the delay. */
  setDelay(matcher: Matcher, delayMs: number): void;
  /**
   * Serves at most `perSecond` matching requests per second (of the stand-in's clock) and answers
   * the rest with `step`, as GitHub's secondary rate limit does; `undefined` lifts the cap.
   */
  setRateCap(matcher: Matcher, perSecond: number | undefined, step: FaultStep): void;
  /** Scripted fault steps not consumed yet. */
  pendingFaults(): number;
  /**
   * Calls `listener` each time a `hang` step leaves a request unanswered, so a test can end its
   * client's wait then instead of after a real timeout. Kept across `reset()`.
   */
  onHang(listener: () => void): void;
  /** Checks the stand-in's own successful answers against the description's response schemas. */
  responseViolations(): string[];
  /** Forgets state, requests, violations, faults and delays; the server keeps running. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_BASE_SHA = "0000000000000000000000000000000000000000";

/**
 * One validator per description subset, shared by every stand-in in the process: it holds only
 * compiled schemas, and compiling them again for each stand-in cost 0.1–0.3 s of CPU apiece.
 */
let sharedValidator: { readonly key: string; readonly validator: OpenApiValidator } | undefined;

function validatorFor(subset: OpenApiSubset): OpenApiValidator {
  if (sharedValidator?.key !== subset.key)
    sharedValidator = { key: subset.key, validator: new OpenApiValidator(subset) };
  return sharedValidator.validator;
}

export async function startGitHubStandIn(
  options: GitHubStandInOptions = {},
): Promise<GitHubStandIn> {
  const subset = loadOpenApiSubset(Object.keys(handlers));
  const router = new Router(subset.routes);
  const validator = validatorFor(subset);
  const state = new StandInState({
    ...(options.now ? { now: options.now } : {}),
    ...(options.repositories ? { repositories: options.repositories } : {}),
    ...(options.installations ? { installations: options.installations } : {}),
    ...(options.tokenLifetimeMs !== undefined ? { tokenLifetimeMs: options.tokenLifetimeMs } : {}),
    ...(options.tokenUser ? { tokenUser: options.tokenUser } : {}),
  });
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const server = new StandInServer({
    state,
    router,
    validator,
    auth: new Authenticator(options),
    faults,
    requests,
    violations,
    htmlUrl: options.htmlUrl ?? "https://github.com",
  });
  const url = await server.listen();

  const knownMatcher = (matcher: Matcher): boolean => {
    if (matcher === "*") return true;
    return subset.routes.some(([method, template, operationId]) => {
      if (matcher === operationId) return true;
      const spaced = /^([A-Za-z]+)\s+(\S+)$/.exec(matcher);
      const path = spaced ? (spaced[2] as string) : matcher;
      if (spaced && spaced[1]?.toUpperCase() !== method) return false;
      if (path === template) return true;
      const found = router.match(method, path);
      return found.kind === "found" && found.match.template === template;
    });
  };
  const checkMatcher = (matcher: Matcher) => {
    if (!knownMatcher(matcher)) {
      throw new Error(`"${matcher}" matches no operation in GitHub's OpenAPI description`);
    }
  };

  return {
    url,
    state,
    requests,
    violations,
    seedPullRequest(repoName, seed) {
      const repo = state.repo(repoName);
      const number = seed.number ?? repo.nextNumber();
      if (repo.issue(number)) throw new Error(`${repoName}#${number} already exists`);
      const now = state.timestamp();
      const closed = seed.state === "closed" || seed.merged === true;
      const issue: IssueRecord = {
        id: state.nextId("issue"),
        number,
        title: seed.title ?? `Pull request from ${seed.head.ref}`,
        body: seed.body ?? null,
        state: closed ? "closed" : "open",
        state_reason: null,
        labels: [],
        assignees: [],
        comments: [],
        created_at: now,
        updated_at: now,
        closed_at: closed ? now : null,
        pull_request: true,
      };
      issue.labels = [
        ...new Set((seed.labels ?? []).map((name) => repo.ensureLabel(name).name)),
      ].sort((a, b) => a.localeCompare(b));
      const pull: PullRecord = {
        id: state.nextId("pull"),
        number,
        head: { sha: seed.head.sha, ref: seed.head.ref },
        base: { sha: seed.base?.sha ?? DEFAULT_BASE_SHA, ref: seed.base?.ref ?? "main" },
        draft: seed.draft ?? false,
        merged: seed.merged ?? false,
      };
      repo.issues.push(issue);
      repo.pulls.push(pull);
      return pull;
    },
    fail(matcher, responses) {
      checkMatcher(matcher);
      faults.add(matcher, Array.isArray(responses) ? responses : [responses as FaultStep]);
    },
    setOutage(matcher, step) {
      checkMatcher(matcher);
      faults.setOutage(matcher, step);
    },
    setDelay(matcher, delayMs) {
      checkMatcher(matcher);
      faults.setDelay(matcher, delayMs);
    },
    setRateCap(matcher, perSecond, step) {
      checkMatcher(matcher);
      faults.setRateCap(matcher, perSecond, step);
    },
    pendingFaults: () => faults.pending(),
    onHang: (listener) => faults.onHang(listener),
    responseViolations() {
      return requests.flatMap((request) => {
        const { operationId, status } = request;
        if (!operationId || status === null || status < 200 || status >= 300 || request.fault)
          return [];
        if (request.response === undefined) return [];
        return validator
          .validateResponse(operationId, status, request.response)
          .map((problem) => `${request.method} ${request.path} → ${status}: ${problem}`);
      });
    },
    reset() {
      state.clear();
      faults.clear();
      requests.length = 0;
      violations.length = 0;
    },
    close: () => server.close(),
  };
}
