export const id = 489;
export const ids = [489];
export const modules = {

/***/ 6646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $_: () => (/* binding */ checkRunName),
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   GI: () => (/* binding */ readableTime),
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   Jm: () => (/* binding */ categoryLabel),
/* harmony export */   LO: () => (/* binding */ latestValue),
/* harmony export */   Ly: () => (/* binding */ isoTime),
/* harmony export */   PF: () => (/* binding */ requireCommitSha),
/* harmony export */   SH: () => (/* binding */ repositoryPath),
/* harmony export */   U9: () => (/* binding */ count),
/* harmony export */   XA: () => (/* binding */ pullUrl),
/* harmony export */   Zc: () => (/* binding */ linesUrl),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   wn: () => (/* binding */ commitLink)
/* harmony export */ });
/* unused harmony export commitUrl */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1915);
/* harmony import */ var _github_checks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8942);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);



const CATEGORY_LABELS = {
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
function categoryLabel(category) {
    const known = CATEGORY_LABELS[category];
    if (known)
        return known;
    const words = category.toLowerCase().replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
}
/** `owner/name` of the DeepSource repository (what DeepSource calls it, not where we act). */
function repositoryName(repository) {
    return `${repository.account.login}/${repository.name}`;
}
/**
 * The repository an event is about, as `owner/name` (more segments for GitLab subgroups): the
 * path of its `vcsUrl`, which is where the code lives, or else DeepSource's account and name.
 */
function repositoryPath(repository) {
    try {
        const path = decodeURIComponent(new URL(repository.vcsUrl).pathname)
            .replace(/^\/+|\/+$/g, "")
            .replace(/\.git$/, "");
        if (/^[^/]+(?:\/[^/]+)+$/.test(path))
            return path;
    }
    catch {
        // Not a URL: DeepSource's own names say the same.
    }
    return repositoryName(repository);
}
function shortSha(sha) {
    return sha.slice(0, 7);
}
/** DeepSource times are Unix seconds. */
function isoTime(seconds) {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
        return undefined;
    const date = new Date(seconds * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.000Z$/, "Z");
}
function readableTime(seconds) {
    return isoTime(seconds)?.replace("T", " ").replace("Z", " UTC") ?? "unknown";
}
function repoUrl(runner) {
    return `${runner.serverUrl}/${encodeURIComponent(runner.owner)}/${encodeURIComponent(runner.repo)}`;
}
function commitUrl(runner, sha) {
    return `${repoUrl(runner)}/commit/${encodeURIComponent(sha)}`;
}
/** A link to lines of a file at one commit, the way GitHub's "copy permalink" writes it. */
function linesUrl(runner, sha, path, begin, end) {
    const file = path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
    const lines = end > begin ? `#L${begin}-L${end}` : `#L${begin}`;
    return `${repoUrl(runner)}/blob/${encodeURIComponent(sha)}/${file}${lines}`;
}
function pullUrl(runner, number) {
    return `${repoUrl(runner)}/pull/${number}`;
}
/** `abc1234` linked to the commit in this repository. */
function commitLink(runner, sha) {
    const url = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .safeUrl */ .Pl)(commitUrl(runner, sha));
    return url ? `[${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(shortSha(sha), true)}](${url})` : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(shortSha(sha), true);
}
/** A count with its noun, singular or plural. */
function count(n, noun, plural = `${noun}s`) {
    return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}
/** A payload string for a table cell. */
function cell(value) {
    return value ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(value) : "";
}
/** Check runs and statuses need a real commit; say so plainly instead of letting GitHub answer 422. */
function requireCommitSha(sha, field) {
    if ((0,_github_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .isCommitSha */ ._$)(sha))
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HookbridgeError */ .ZP("InvalidPayload", `DeepSource's ${field} "${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(sha, 50)}" is not a full commit SHA, so there is no commit to attach to (DeepSource's documentation samples carry such placeholders; real deliveries name the analysed commit).`);
}
/** A metric item's most recent measurement. */
function latestValue(item) {
    return item.values.reduce((latest, value) => latest === undefined || value.createdAt > latest.createdAt ? value : latest, undefined);
}
/** The name of an analyzer's check run, and of its commit status. */
function checkRunName(check) {
    return `DeepSource: ${check.analyzer.name}`.slice(0, 100);
}


/***/ }),

/***/ 4489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deepsourceReactions: () => (/* binding */ deepsourceReactions)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1915);
/* harmony import */ var _core_schemas_deepsource_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1137);
/* harmony import */ var _core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8541);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5568);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6646);





function parse(event) {
    const known = Object.hasOwn(_core_schemas_deepsource_js__WEBPACK_IMPORTED_MODULE_1__/* .deepsourceEvents */ .X6, event.event);
    const schema = known ? _core_schemas_deepsource_js__WEBPACK_IMPORTED_MODULE_1__/* .deepsourceEvents */ .X6[event.event] : _core_schemas_deepsource_js__WEBPACK_IMPORTED_MODULE_1__/* .deepsourceEnvelope */ .Ag;
    const result = schema.safeParse(event.json);
    if (!result.success) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HookbridgeError */ .ZP("InvalidPayload", `The DeepSource ${event.event} body does not match its schema: ${(0,_core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__/* .describeZodError */ .V)(result.error)}.`);
    }
    return known ? result.data : undefined;
}
function repositoryOutputs(repository) {
    return {
        repository: (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)(repository),
        branch: repository.defaultBranch,
        commit: repository.latestCommitOid,
    };
}
function repositoryFacts(repository) {
    return [["Repository", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .link */ .nf)((0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)(repository), repository.vcsUrl)]];
}
/** Checks that did not pass, for `fail-on: analysis-failure`. */
const FAILED_CHECK = new Set(["FAILURE", "TIMEOUT", "ARTIFACT_TIMEOUT"]);
function failingMetrics(run) {
    const failing = [];
    for (const check of run.checks) {
        for (const metric of check.metrics) {
            for (const item of metric.items) {
                const latest = (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .latestValue */ .LO)(item);
                if (latest?.thresholdStatus === "FAILING") {
                    failing.push(`${metric.name} (${item.key}) is ${latest.valueDisplay} against a threshold of ${latest.threshold}`);
                }
            }
        }
    }
    return failing;
}
function analysisRun(body) {
    const run = body.data.object;
    const where = `${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .shortSha */ .Fu)(run.commitOid)} on ${run.branchName}`;
    return {
        title: `DeepSource analysis run on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.branchName)}`,
        outputs: {
            ...repositoryOutputs(run.repository),
            branch: run.branchName,
            commit: run.commitOid,
            status: run.status,
            introduced: String(run.summary.occurrencesIntroduced),
            resolved: String(run.summary.occurrencesResolved),
        },
        facts: [
            ...repositoryFacts(run.repository),
            ["Branch", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.branchName, true)],
            ["Commit", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.commitOid, true)],
            ["Run", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.runUid, true)],
            ["Status", (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(run.status)],
            [
                "Analyzers",
                run.checks.map((check) => `${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(check.analyzer.name)}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(check.status)}`).join(", "),
            ],
            [
                "Introduced / resolved",
                `${run.summary.occurrencesIntroduced} / ${run.summary.occurrencesResolved}`,
            ],
        ],
        async react(context) {
            const { settings } = context;
            if (settings.checkRuns) {
                await context.attempt("Check runs", async () => {
                    const { syncAnalysisCheckRuns } = await __webpack_require__.e(/* import() */ 796).then(__webpack_require__.bind(__webpack_require__, 3796));
                    await syncAnalysisCheckRuns(context, run);
                });
            }
            if (settings.commitStatus) {
                await context.attempt("Commit statuses", async () => {
                    const { syncAnalysisStatuses } = await __webpack_require__.e(/* import() */ 567).then(__webpack_require__.bind(__webpack_require__, 3567));
                    await syncAnalysisStatuses(context, run);
                });
            }
        },
        failures(failOn) {
            const reasons = [];
            if (failOn.has("analysis-failure")) {
                const failed = run.checks.filter((check) => FAILED_CHECK.has(check.status));
                if (failed.length > 0 || FAILED_CHECK.has(run.status)) {
                    const which = failed.map((check) => `${check.analyzer.name} ${check.status}`).join(", ") ||
                        run.status;
                    reasons.push(`DeepSource analysis of ${where} failed (${which})`);
                }
            }
            if (failOn.has("issues-introduced") && run.summary.occurrencesIntroduced > 0) {
                reasons.push(`DeepSource found ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .count */ .U9)(run.summary.occurrencesIntroduced, "new issue occurrence")} in ${where}`);
            }
            if (failOn.has("metric-failing")) {
                const metrics = failingMetrics(run);
                if (metrics.length > 0)
                    reasons.push(`DeepSource metrics are failing: ${metrics.join("; ")}`);
            }
            return reasons;
        },
    };
}
function autofixRun(body) {
    const run = body.data.object;
    const source = run.sourcePullRequest;
    const autofix = run.autofixPullRequest;
    return {
        title: `DeepSource Autofix run ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.runUid)}`,
        outputs: {
            ...repositoryOutputs(run.repository),
            branch: run.sourceCommit.branch,
            commit: run.sourceCommit.sha,
            "pull-request": source ? String(source.number) : "",
            status: run.status,
            "autofix-pull-request": autofix ? String(autofix.number) : "",
        },
        facts: [
            ...repositoryFacts(run.repository),
            ["Source", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.sourceCommit.sha, true)} on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(run.sourceCommit.branch, true)}`],
            [
                "Source pull request",
                source ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .link */ .nf)(`#${source.number} ${source.title}`, source.url) : "none",
            ],
            [
                "Autofix pull request",
                autofix
                    ? `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .link */ .nf)(`#${autofix.number} ${autofix.title}`, autofix.url)} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(autofix.status ?? "")}`
                    : "none",
            ],
            ["Status", (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(run.status)],
            [
                "Issues fixed",
                run.affectedIssues.map((issue) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(issue.shortcode, true)).join(", ") || "none",
            ],
        ],
        async react(context) {
            if (!context.settings.autofixComment)
                return;
            await context.attempt("Autofix comment", async () => {
                const { syncAutofixComment } = await __webpack_require__.e(/* import() */ 227).then(__webpack_require__.bind(__webpack_require__, 3227));
                await syncAutofixComment(context, run, body.createdAt);
            });
        },
        failures: () => [],
    };
}
function repositoryIssue(body) {
    const item = body.data.object;
    const introduced = body.type === "repository_issue.introduced";
    const occurrences = introduced
        ? body.data.issueOccurrencesIntroduced
        : body.data.issueOccurrencesResolved;
    return {
        title: `DeepSource issue ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(item.issue.shortcode)} ${introduced ? "introduced" : "resolved"}`,
        outputs: {
            ...repositoryOutputs(item.repository),
            status: introduced ? "INTRODUCED" : "RESOLVED",
            introduced: introduced ? String(occurrences) : "0",
            resolved: introduced ? "0" : String(occurrences),
        },
        facts: [
            ...repositoryFacts(item.repository),
            ["Commit", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(item.repository.latestCommitOid, true)],
            ["Issue", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(item.issue.shortcode, true)} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(item.issue.title)}`],
            ["Category", (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)((0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .categoryLabel */ .Jm)(item.issue.category))],
            [introduced ? "Occurrences introduced" : "Occurrences resolved", String(occurrences)],
        ],
        async react(context) {
            const { settings } = context;
            if (introduced && settings.checkRuns) {
                await context.attempt("Annotations", async () => {
                    const { syncIssueAnnotations } = await __webpack_require__.e(/* import() */ 327).then(__webpack_require__.bind(__webpack_require__, 327));
                    await syncIssueAnnotations(context, item, body.createdAt);
                });
            }
            if (settings.issueSync === "deepsource") {
                await context.attempt("Issue sync", async () => {
                    const sync = await __webpack_require__.e(/* import() */ 828).then(__webpack_require__.bind(__webpack_require__, 2828));
                    if (introduced)
                        await sync.openIssue(context, item, body.createdAt);
                    else
                        await sync.closeIssue(context, item, body.createdAt, occurrences);
                });
            }
        },
        failures(failOn) {
            if (!introduced || !failOn.has("issues-introduced") || occurrences === 0)
                return [];
            return [
                `DeepSource found ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .count */ .U9)(occurrences, "new occurrence")} of ${item.issue.shortcode} (${item.issue.title.slice(0, 120)}) in ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .shortSha */ .Fu)(item.repository.latestCommitOid)}`,
            ];
        },
    };
}
function repositoryAnalysis(body) {
    const repository = body.data.object;
    return {
        title: `DeepSource analysis ${repository.isActivated ? "activated" : "deactivated"} for ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)(repository))}`,
        outputs: {
            ...repositoryOutputs(repository),
            status: repository.isActivated ? "ACTIVATED" : "DEACTIVATED",
        },
        facts: [
            ...repositoryFacts(repository),
            ["Default branch", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(repository.defaultBranch, true)],
        ],
        async react() { },
        failures: () => [],
    };
}
function teamMember(body) {
    const member = body.data.object;
    const change = body.type === "team_member.updated"
        ? `${body.data.oldRole} → ${body.data.newRole}`
        : body.type.slice("team_member.".length);
    return {
        title: `DeepSource team ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(member.team.login)}: member ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(change)}`,
        outputs: { status: member.role },
        facts: [
            ["Team", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .link */ .nf)(member.team.login, member.team.vcsUrl)],
            ["Member", (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(`${member.user.firstName} ${member.user.lastName}`.trim())],
            ["Role", (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)(member.role)],
        ],
        async react() { },
        failures: () => [],
    };
}
function describe(body) {
    switch (body.type) {
        case "analysis_run.started":
        case "analysis_run.updated":
            return analysisRun(body);
        case "autofix_run.started":
        case "autofix_run.updated":
            return autofixRun(body);
        case "repository_issue.introduced":
        case "repository_issue.resolved":
            return repositoryIssue(body);
        case "repository.analysis.activated":
        case "repository.analysis.deactivated":
            return repositoryAnalysis(body);
        case "team_member.added":
        case "team_member.removed":
        case "team_member.updated":
            return teamMember(body);
        case "test.event":
            return {
                title: "DeepSource test event",
                outputs: { status: "TEST" },
                facts: [["Result", "The webhook reached this workflow and its signature holds."]],
                async react() { },
                failures: () => [],
            };
    }
}
/** The DeepSource repository an event is about; team and test events name none. */
function repositoryOf(body) {
    switch (body.type) {
        case "analysis_run.started":
        case "analysis_run.updated":
        case "autofix_run.started":
        case "autofix_run.updated":
        case "repository_issue.introduced":
        case "repository_issue.resolved":
            return body.data.object.repository;
        case "repository.analysis.activated":
        case "repository.analysis.deactivated":
            return body.data.object;
        default:
            return undefined;
    }
}
/**
 * DeepSource webhooks belong to an organisation, so one relay carries every repository's events:
 * an event about another repository must not comment on "PR #N" or annotate "its" commit here,
 * where those numbers and commits mean something else. Such an event sets its outputs and says
 * in the summary why nothing was done, and the step succeeds.
 */
function onlyForThisRepository(received, repository) {
    const named = (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryPath */ .SH)(repository);
    let elsewhere = false;
    return {
        ...received,
        async react(context) {
            const { runner, settings } = context;
            const here = runner.owner && runner.repo ? `${runner.owner}/${runner.repo}` : undefined;
            const wanted = settings.repository ?? here;
            if (wanted === undefined || named.toLowerCase() === wanted.toLowerCase()) {
                await received.react(context);
                return;
            }
            elsewhere = true;
            context.logger.info(`This DeepSource event is for ${named}, not ${wanted}, so nothing was done: DeepSource sends every repository's events to the organisation's webhook. If DeepSource knows this repository as ${named}, set the repository input to ${named}.`);
            context.report.record({
                reaction: "Repository",
                target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(here ?? wanted),
                result: `skipped: the event is for ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(named)}`,
            });
        },
        failures(failOn) {
            return elsewhere ? [] : received.failures(failOn);
        },
    };
}
/** The main object of an event, for the `object` output. */
function mainObject(json) {
    const data = json.data;
    return data?.object ?? data ?? json;
}
const deepsourceReactions = {
    receive(event) {
        const body = parse(event);
        const object = JSON.stringify(mainObject(event.json));
        if (!body) {
            return {
                title: `DeepSource ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(event.event)}`,
                outputs: { object },
                facts: [
                    [
                        "Note",
                        "hookbridge has no reaction for this DeepSource event; outputs and this summary only.",
                    ],
                ],
                async react() { },
                failures: () => [],
            };
        }
        const described = describe(body);
        const repository = repositoryOf(body);
        const received = repository ? onlyForThisRepository(described, repository) : described;
        return { ...received, outputs: { ...received.outputs, object } };
    },
};


/***/ }),

/***/ 8942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TU: () => (/* binding */ findCheckRun),
/* harmony export */   _$: () => (/* binding */ isCommitSha),
/* harmony export */   lS: () => (/* binding */ writeCheckRun),
/* harmony export */   vS: () => (/* binding */ showsAlready)
/* harmony export */ });
/* unused harmony export ANNOTATIONS_PER_REQUEST */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5568);

/** Check runs and statuses attach to a full commit SHA (SHA-1, or SHA-256 repositories). */
function isCommitSha(value) {
    return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}
/** GitHub takes at most this many annotations in one create or update request. */
const ANNOTATIONS_PER_REQUEST = 50;
/**
 * Finds the check run this integration made for `externalId` on a commit: one request, filtered
 * by name, because a commit can carry hundreds of check runs from other tools.
 */
async function findCheckRun(octokit, runner, sha, name, externalId) {
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
        owner: runner.owner,
        repo: runner.repo,
        ref: sha,
        check_name: name,
        // "latest" would hide an older run's check run with the same name, which we still own.
        filter: "all",
        per_page: 100,
    });
    return runs.find((run) => run.external_id === externalId);
}
/** Whether `existing` already shows exactly `desired`, so writing it again would change nothing. */
function showsAlready(existing, desired) {
    return (existing.status === desired.status &&
        (existing.conclusion ?? undefined) === desired.conclusion &&
        existing.output.title === desired.title &&
        existing.output.summary === limit(desired.summary) &&
        existing.output.text === limit(desired.text));
}
function limit(markdown) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateMarkdown */ .o4)(markdown, _markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .GITHUB_TEXT_LIMIT */ .KW - 535);
}
function fields(desired, annotations) {
    return {
        status: desired.status,
        ...(desired.conclusion ? { conclusion: desired.conclusion } : {}),
        ...(desired.startedAt ? { started_at: desired.startedAt } : {}),
        ...(desired.status === "completed" && desired.completedAt
            ? { completed_at: desired.completedAt }
            : {}),
        output: {
            title: desired.title.slice(0, 255),
            summary: limit(desired.summary),
            text: limit(desired.text),
            ...(annotations.length > 0 ? { annotations: [...annotations] } : {}),
        },
    };
}
/**
 * Creates the check run or brings `existing` up to date, sending annotations 50 at a time: the
 * first batch with the create or update, each further batch in an update of its own (GitHub
 * appends annotations on update, and counts them in `output.annotations_count`, so a run that
 * stops between batches can be resumed from that count).
 */
async function writeCheckRun(octokit, runner, existing, desired, annotations = []) {
    const batches = [];
    for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
    }
    const repo = { owner: runner.owner, repo: runner.repo };
    const first = fields(desired, batches[0] ?? []);
    const written = existing
        ? (await octokit.rest.checks.update({ ...repo, check_run_id: existing.id, ...first })).data
        : (await octokit.rest.checks.create({
            ...repo,
            name: desired.name,
            head_sha: desired.headSha,
            external_id: desired.externalId,
            ...first,
        })).data;
    for (const [index, batch] of batches.entries()) {
        if (index === 0)
            continue;
        const { output } = fields(desired, batch);
        await octokit.rest.checks.update({ ...repo, check_run_id: written.id, output });
    }
    return { url: written.html_url, id: written.id };
}


/***/ })

};
