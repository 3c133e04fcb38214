/**
 * What the stand-in remembers, per repository. Records hold request-level facts (names, bodies,
 * label names); the GitHub-shaped JSON is built from them on the way out, so tests can assert on
 * plain values.
 */

/**
 * The stand-in has no git objects, so any full SHA-1 or SHA-256 counts as an existing commit;
 * anything else (a branch name, a short SHA) is what GitHub answers "No commit found" for.
 */
export function isCommitSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

export interface DispatchRecord {
  readonly id: number;
  readonly event_type: string;
  readonly client_payload: Record<string, unknown> | undefined;
  readonly received_at: string;
}

/** A `workflow_dispatch` GitHub took: the run it started, and what it was given. */
export interface WorkflowDispatchRecord {
  /** The workflow run's id. */
  readonly id: number;
  readonly workflow: string;
  readonly ref: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly received_at: string;
}

export interface AnnotationRecord {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
  readonly raw_details?: string;
}

export interface CheckRunRecord {
  readonly id: number;
  name: string;
  readonly head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: AnnotationRecord[];
    images: unknown[];
  };
  actions: unknown[];
  readonly check_suite_id: number;
  readonly created_at: string;
  updated_at: string;
}

export interface StatusRecord {
  readonly id: number;
  readonly sha: string;
  readonly state: "error" | "failure" | "pending" | "success";
  readonly target_url: string | null;
  readonly description: string | null;
  readonly context: string;
  readonly created_at: string;
}

/** Who wrote a comment or issue; absent means the token's own identity (github-actions[bot]). */
export interface AuthorRecord {
  readonly login: string;
  readonly id: number;
  readonly type: "User" | "Bot";
}

export interface CommentRecord {
  readonly id: number;
  /** Set for comments written by someone other than the token (seeded by a test). */
  readonly author?: AuthorRecord;
  readonly issue_number: number;
  body: string;
  readonly created_at: string;
  updated_at: string;
}

export interface IssueRecord {
  readonly id: number;
  /** Set for issues written by someone other than the token's identity. */
  readonly author?: AuthorRecord;
  readonly number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  /** Label names, in the order GitHub shows them (by name). */
  labels: string[];
  assignees: string[];
  readonly comments: CommentRecord[];
  readonly created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Set when this number belongs to a pull request. */
  readonly pull_request: boolean;
}

export interface LabelRecord {
  readonly id: number;
  name: string;
  color: string;
  description: string | null;
  readonly default: boolean;
}

export interface PullRecord {
  readonly id: number;
  readonly number: number;
  readonly head: { readonly sha: string; readonly ref: string };
  readonly base: { readonly sha: string; readonly ref: string };
  readonly draft: boolean;
  readonly merged: boolean;
}

export interface InstallationTokenRecord {
  readonly installation_id: number;
  readonly token: string;
  readonly expires_at: string;
  /** The app JWT the token was exchanged for, decoded, so tests can check how it was signed. */
  readonly jwt: {
    readonly raw: string;
    readonly header: Record<string, unknown>;
    readonly payload: Record<string, unknown>;
  };
  readonly body: unknown;
}

/** Ids per kind start far apart, like GitHub's, so an id used for the wrong kind is a 404. */
const ID_BASES = {
  repo: 700_000_000,
  dispatch: 0,
  checkRun: 40_000_000_000,
  checkSuite: 20_000_000_000,
  status: 30_000_000_000,
  issue: 3_000_000_000,
  comment: 2_500_000_000,
  label: 6_000_000_000,
  pull: 1_900_000_000,
  run: 15_000_000_000,
} as const;

export type IdKind = keyof typeof ID_BASES;

/** GitHub creates these in every new repository. */
const DEFAULT_LABELS: readonly [string, string, string][] = [
  ["bug", "d73a4a", "Something isn't working"],
  ["documentation", "0075ca", "Improvements or additions to documentation"],
  ["duplicate", "cfd3d7", "This issue or pull request already exists"],
  ["enhancement", "a2eeef", "New feature or request"],
  ["good first issue", "7057ff", "Good for newcomers"],
  ["help wanted", "008672", "Extra attention is needed"],
  ["invalid", "e4e669", "This doesn't seem right"],
  ["question", "d876e3", "Further information is requested"],
  ["wontfix", "ffffff", "This will not be worked on"],
];

export class RepoState {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly created_at: string;
  readonly dispatches: DispatchRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  /** Issues and pull requests, which share one number space as on GitHub. */
  readonly issues: IssueRecord[] = [];
  readonly labels: LabelRecord[] = [];
  readonly pulls: PullRecord[] = [];
  /**
   * Workflow files with an `on: workflow_dispatch` trigger, by file name, with the inputs each
   * declares: what a test commits to `.github/workflows/` before dispatching to it.
   */
  readonly workflows = new Map<string, readonly string[]>();
  readonly workflowDispatches: WorkflowDispatchRecord[] = [];
  /** Branches that exist; the default branch is `main`. */
  readonly branches = new Set(["main"]);
  readonly #suites = new Map<string, number>();
  readonly #state: StandInState;

  constructor(state: StandInState, fullName: string) {
    const [owner = "", name = ""] = fullName.split("/");
    this.#state = state;
    this.id = state.nextId("repo");
    this.owner = owner;
    this.name = name;
    this.fullName = `${owner}/${name}`;
    this.created_at = state.timestamp();
    for (const [label, color, description] of DEFAULT_LABELS) {
      this.labels.push({
        id: state.nextId("label"),
        name: label,
        color,
        description,
        default: true,
      });
    }
  }

  nextNumber(): number {
    return this.issues.reduce((max, issue) => Math.max(max, issue.number), 0) + 1;
  }

  issue(number: number): IssueRecord | undefined {
    return this.issues.find((issue) => issue.number === number);
  }

  pull(number: number): PullRecord | undefined {
    return this.pulls.find((pull) => pull.number === number);
  }

  label(name: string): LabelRecord | undefined {
    const wanted = name.toLowerCase();
    return this.labels.find((label) => label.name.toLowerCase() === wanted);
  }

  /** Returns the label, creating it the way GitHub does when an issue is given an unknown one. */
  ensureLabel(name: string): LabelRecord {
    const existing = this.label(name);
    if (existing) return existing;
    const created: LabelRecord = {
      id: this.#state.nextId("label"),
      name,
      color: "ededed",
      description: null,
      default: false,
    };
    this.labels.push(created);
    return created;
  }

  /** One check suite per commit, as for a single GitHub App. */
  checkSuiteId(headSha: string): number {
    let id = this.#suites.get(headSha);
    if (id === undefined) {
      id = this.#state.nextId("checkSuite");
      this.#suites.set(headSha, id);
    }
    return id;
  }

  /** Resolves a ref (a SHA, or a branch known from a seeded pull request) to a commit SHA. */
  resolveRef(ref: string): string {
    const branch = ref.replace(/^(refs\/)?heads\//, "");
    const pull = this.pulls.findLast((p) => p.head.ref === branch);
    if (pull) return pull.head.sha;
    const base = this.pulls.findLast((p) => p.base.ref === branch);
    return base ? base.base.sha : ref;
  }
}

export class StandInState {
  readonly #repos = new Map<string, RepoState>();
  readonly #counters = new Map<IdKind, number>();
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #now: () => Date;
  readonly installationTokens: InstallationTokenRecord[] = [];
  readonly #installations: ReadonlyMap<string, number> | undefined;
  /** How long a minted installation token lives; GitHub's is an hour. */
  tokenLifetimeMs: number;
  /**
   * The user a personal token belongs to: GET /user answers it and what the token writes is
   * authored by it. Undefined means an installation token (GITHUB_TOKEN): GET /user is refused
   * and everything is written by github-actions[bot].
   */
  readonly tokenUser: AuthorRecord | undefined;

  constructor(
    options: {
      now?: () => Date;
      repositories?: readonly string[];
      installations?: Readonly<Record<string, number>>;
      tokenLifetimeMs?: number;
      tokenUser?: AuthorRecord;
    } = {},
  ) {
    this.tokenUser = options.tokenUser;
    this.#now = options.now ?? (() => new Date());
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 60 * 60 * 1000;
    this.#installations = options.installations
      ? new Map(
          Object.entries(options.installations).map(([owner, id]) => [owner.toLowerCase(), id]),
        )
      : undefined;
    this.#allowed = options.repositories
      ? new Set(options.repositories.map((r) => r.toLowerCase()))
      : undefined;
  }

  /** Every repository touched so far, keyed by lower-cased `owner/repo`. */
  get repos(): ReadonlyMap<string, RepoState> {
    return this.#repos;
  }

  /** The state of one repository (names are case-insensitive, as on GitHub). */
  repo(fullName: string): RepoState {
    const key = fullName.toLowerCase();
    let repo = this.#repos.get(key);
    if (!repo) {
      repo = new RepoState(this, fullName);
      this.#repos.set(key, repo);
    }
    return repo;
  }

  /** Whether requests may use this repository; any name, unless a list was given. */
  exists(fullName: string): boolean {
    return this.#allowed ? this.#allowed.has(fullName.toLowerCase()) : true;
  }

  /**
   * The App installation on the repository's owner: from the configured installations (none for
   * an owner not listed), or one per repository when none were configured.
   */
  installationOn(repo: RepoState): number | undefined {
    if (!this.#installations) return 50_000_000 + (repo.id % 1_000_000);
    return this.#installations.get(repo.owner.toLowerCase());
  }

  /** Whether the installation exists; any id does when none were configured. */
  installationExists(installationId: number): boolean {
    return !this.#installations || [...this.#installations.values()].includes(installationId);
  }

  /** Whether a token of this installation reaches the repository (owners are per installation). */
  installationCovers(installationId: number, fullName: string): boolean {
    if (!this.#installations) return true;
    const owner = fullName.split("/")[0]?.toLowerCase() ?? "";
    return this.#installations.get(owner) === installationId;
  }

  nextId(kind: IdKind): number {
    const next = (this.#counters.get(kind) ?? 0) + 1;
    this.#counters.set(kind, next);
    return ID_BASES[kind] + next;
  }

  /** Now, the way GitHub writes times: ISO 8601 to the second, in UTC. */
  timestamp(offsetMs = 0): string {
    return new Date(this.#now().getTime() + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  nowMs(): number {
    return this.#now().getTime();
  }

  clear(): void {
    this.#repos.clear();
    this.#counters.clear();
    this.installationTokens.length = 0;
  }
}
