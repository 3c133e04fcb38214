/**
 * Builds the JSON GitHub returns from the stand-in's records. The field lists follow the
 * response schemas in GitHub's OpenAPI description; the stand-in's tests check them against it.
 */
import type {
  AnnotationRecord,
  AuthorRecord,
  CheckRunRecord,
  CommentRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  RepoState,
  StatusRecord,
} from "./state.ts";

export interface Urls {
  /** Base of the API, e.g. `http://127.0.0.1:1234`. */
  readonly api: string;
  /** Base of the web UI, `https://github.com` unless configured. */
  readonly html: string;
}

/** The actor behind a `GITHUB_TOKEN`. */
const ACTOR = { login: "github-actions[bot]", id: 41898282, type: "Bot" } as const;

/** The app that owns check runs created with a `GITHUB_TOKEN`. */
const ACTIONS_APP = { id: 15368, slug: "github-actions", name: "GitHub Actions" } as const;

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString("base64url")}`;
}

function user(urls: Urls, who: { login: string; id: number; type: string }) {
  const api = `${urls.api}/users/${encodeURIComponent(who.login)}`;
  return {
    login: who.login,
    id: who.id,
    node_id: nodeId(who.type === "Bot" ? "BOT" : "U", who.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${who.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.html}/${who.login.replace("[bot]", "")}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: who.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function actor(urls: Urls) {
  return user(urls, ACTOR);
}

/** The author of a record: whoever a test seeded, else the token's own identity. */
export function author(urls: Urls, who: AuthorRecord | undefined) {
  return who ? user(urls, who) : actor(urls);
}

/** GET /user's answer for a personal token: the public-user schema's required fields. */
export function authenticatedUser(urls: Urls, who: AuthorRecord) {
  return {
    ...user(urls, who),
    name: null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

function ownerOf(urls: Urls, repo: RepoState) {
  return user(urls, { login: repo.owner, id: repo.id - 600_000_000, type: "Organization" });
}

function app(urls: Urls) {
  return {
    id: ACTIONS_APP.id,
    client_id: "Iv1.05c79e9ad1f6bdfa",
    slug: ACTIONS_APP.slug,
    node_id: nodeId("A", ACTIONS_APP.id),
    owner: user(urls, { login: "github", id: 9919, type: "Organization" }),
    name: ACTIONS_APP.name,
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: `${urls.html}/apps/github-actions`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: { checks: "write", issues: "write", metadata: "read", statuses: "write" },
    events: ["check_run", "check_suite", "issues", "pull_request", "push", "repository_dispatch"],
  };
}

export function repository(urls: Urls, repo: RepoState) {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const html = `${urls.html}/${repo.fullName}`;
  const openIssues = repo.issues.filter((i) => i.state === "open").length;
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: ownerOf(urls, repo),
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${repo.fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 128,
    default_branch: "main",
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "public",
    pushed_at: repo.created_at,
    created_at: repo.created_at,
    updated_at: repo.created_at,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
    license: null,
  };
}

export function label(urls: Urls, repo: RepoState, record: LabelRecord) {
  return {
    id: record.id,
    node_id: nodeId("LA", record.id),
    url: `${urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    color: record.color,
    default: record.default,
    description: record.description,
  };
}

export function issueLabels(urls: Urls, repo: RepoState, names: readonly string[]) {
  return names.map((name) => label(urls, repo, repo.ensureLabel(name)));
}

export function issue(urls: Urls, repo: RepoState, record: IssueRecord) {
  const api = `${urls.api}/repos/${repo.fullName}/issues/${record.number}`;
  const kind = record.pull_request ? "pull" : "issues";
  const html = `${urls.html}/${repo.fullName}/${kind}/${record.number}`;
  const bot = actor(urls);
  return {
    url: api,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    id: record.id,
    node_id: nodeId(record.pull_request ? "PR" : "I", record.id),
    number: record.number,
    title: record.title,
    user: author(urls, record.author),
    labels: issueLabels(urls, repo, record.labels),
    state: record.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: record.comments.length,
    created_at: record.created_at,
    updated_at: record.updated_at,
    closed_at: record.closed_at,
    author_association: "NONE",
    active_lock_reason: null,
    body: record.body,
    closed_by: record.state === "closed" ? bot : null,
    state_reason: record.state_reason,
    ...(record.pull_request
      ? {
          draft: repo.pull(record.number)?.draft ?? false,
          pull_request: {
            url: `${urls.api}/repos/${repo.fullName}/pulls/${record.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null,
          },
        }
      : {}),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
  };
}

export function comment(urls: Urls, repo: RepoState, record: CommentRecord, isPull: boolean) {
  const kind = isPull ? "pull" : "issues";
  return {
    id: record.id,
    node_id: nodeId("IC", record.id),
    url: `${urls.api}/repos/${repo.fullName}/issues/comments/${record.id}`,
    html_url: `${urls.html}/${repo.fullName}/${kind}/${record.issue_number}#issuecomment-${record.id}`,
    body: record.body,
    user: author(urls, record.author),
    created_at: record.created_at,
    updated_at: record.updated_at,
    issue_url: `${urls.api}/repos/${repo.fullName}/issues/${record.issue_number}`,
    author_association: "NONE",
    performed_via_github_app: null,
  };
}

export function status(urls: Urls, repo: RepoState, record: StatusRecord) {
  return {
    url: `${urls.api}/repos/${repo.fullName}/statuses/${record.sha}`,
    avatar_url: "https://avatars.githubusercontent.com/in/15368?v=4",
    id: record.id,
    node_id: nodeId("SC", record.id),
    state: record.state,
    description: record.description,
    target_url: record.target_url,
    context: record.context,
    created_at: record.created_at,
    updated_at: record.created_at,
    creator: actor(urls),
  };
}

function pullMinimal(urls: Urls, repo: RepoState, pull: PullRecord) {
  const repoRef = { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name };
  return {
    id: pull.id,
    number: pull.number,
    url: `${urls.api}/repos/${repo.fullName}/pulls/${pull.number}`,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: repoRef },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: repoRef },
  };
}

export function checkRun(urls: Urls, repo: RepoState, record: CheckRunRecord) {
  const api = `${urls.api}/repos/${repo.fullName}/check-runs/${record.id}`;
  return {
    id: record.id,
    name: record.name,
    node_id: nodeId("CR", record.id),
    head_sha: record.head_sha,
    external_id: record.external_id,
    url: api,
    html_url: `${urls.html}/${repo.fullName}/runs/${record.id}`,
    details_url: record.details_url ?? `${urls.html}/${repo.fullName}/runs/${record.id}`,
    status: record.status,
    conclusion: record.conclusion,
    started_at: record.started_at,
    completed_at: record.completed_at,
    output: {
      title: record.output.title,
      summary: record.output.summary,
      text: record.output.text,
      annotations_count: record.output.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    check_suite: { id: record.check_suite_id },
    app: app(urls),
    pull_requests: repo.pulls
      .filter((pull) => pull.head.sha === record.head_sha)
      .map((pull) => pullMinimal(urls, repo, pull)),
  };
}

export function annotation(urls: Urls, repo: RepoState, sha: string, record: AnnotationRecord) {
  return {
    path: record.path,
    blob_href: `${urls.html}/${repo.fullName}/blob/${sha}/${record.path}`,
    start_line: record.start_line,
    end_line: record.end_line,
    start_column: record.start_column ?? null,
    end_column: record.end_column ?? null,
    annotation_level: record.annotation_level,
    title: record.title ?? null,
    message: record.message,
    raw_details: record.raw_details ?? null,
  };
}

export function pull(urls: Urls, repo: RepoState, record: PullRecord, issueRecord: IssueRecord) {
  const api = `${urls.api}/repos/${repo.fullName}/pulls/${record.number}`;
  const issueApi = `${urls.api}/repos/${repo.fullName}/issues/${record.number}`;
  const html = `${urls.html}/${repo.fullName}/pull/${record.number}`;
  const owner = ownerOf(urls, repo);
  const repoJson = repository(urls, repo);
  const branch = (side: { sha: string; ref: string }) => ({
    label: `${repo.owner}:${side.ref}`,
    ref: side.ref,
    sha: side.sha,
    user: owner,
    repo: repoJson,
  });
  const link = (href: string) => ({ href });
  return {
    url: api,
    id: record.id,
    node_id: nodeId("PR", record.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.api}/repos/${repo.fullName}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${urls.api}/repos/${repo.fullName}/statuses/${record.head.sha}`,
    number: record.number,
    state: issueRecord.state,
    locked: false,
    title: issueRecord.title,
    user: actor(urls),
    body: issueRecord.body,
    labels: issueLabels(urls, repo, issueRecord.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: issueRecord.created_at,
    updated_at: issueRecord.updated_at,
    closed_at: issueRecord.closed_at,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(record.head),
    base: branch(record.base),
    _links: {
      self: link(api),
      html: link(html),
      issue: link(issueApi),
      comments: link(`${issueApi}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${urls.api}/repos/${repo.fullName}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(`${urls.api}/repos/${repo.fullName}/statuses/${record.head.sha}`),
    },
    author_association: "NONE",
    auto_merge: null,
    draft: record.draft,
    merged: record.merged,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: issueRecord.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

/** The list form of a pull request (`GET /pulls`), which omits the merge and size fields. */
export function pullSimple(
  urls: Urls,
  repo: RepoState,
  record: PullRecord,
  issueRecord: IssueRecord,
) {
  const {
    merged: _merged,
    mergeable: _mergeable,
    rebaseable: _rebaseable,
    mergeable_state: _state,
    merged_by: _by,
    comments: _comments,
    review_comments: _reviewComments,
    maintainer_can_modify: _modify,
    commits: _commits,
    additions: _additions,
    deletions: _deletions,
    changed_files: _files,
    ...simple
  } = pull(urls, repo, record, issueRecord);
  return simple;
}

export function installation(urls: Urls, repo: RepoState, installationId: number) {
  return {
    id: installationId,
    client_id: "Iv1.8a61f9b3a7aba766",
    account: ownerOf(urls, repo),
    repository_selection: "all",
    access_tokens_url: `${urls.api}/app/installations/${installationId}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.html}/organizations/${repo.owner}/settings/installations/${installationId}`,
    app_id: 1,
    app_slug: "hookbridge",
    target_id: repo.id - 600_000_000,
    target_type: "Organization",
    permissions: { checks: "write", contents: "write", issues: "write", metadata: "read" },
    events: ["check_run", "repository_dispatch"],
    created_at: repo.created_at,
    updated_at: repo.created_at,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
