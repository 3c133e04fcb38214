export const id = 327;
export const ids = [327];
export const modules = {

/***/ 327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncIssueAnnotations: () => (/* binding */ syncIssueAnnotations)
/* harmony export */ });
/* unused harmony exports ISSUES_CHECK_RUN, annotationLevel, annotationsFor */
/* harmony import */ var _github_checks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8942);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7034);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);




const ISSUES_CHECK_RUN = "DeepSource: issues";
/** Bugs and security problems fail; smells and slow code warn; style and docs are notes. */
const LEVELS = {
    BUG_RISK: "failure",
    SECURITY: "failure",
    ANTI_PATTERN: "warning",
    PERFORMANCE: "warning",
};
function annotationLevel(category) {
    return Object.hasOwn(LEVELS, category) ? LEVELS[category] : "notice";
}
/** One annotation per occurrence, on its exact lines; columns only make sense within one line. */
function annotationsFor(item) {
    const { issue } = item;
    const level = annotationLevel(issue.category);
    return item.occurrences.map((occurrence) => {
        const start = Math.max(1, Math.trunc(occurrence.beginLine));
        const end = Math.max(start, Math.trunc(occurrence.endLine));
        const oneLine = start === end &&
            occurrence.beginColumn >= 1 &&
            occurrence.endColumn >= occurrence.beginColumn;
        return {
            path: occurrence.path.replace(/^\/+/, ""),
            start_line: start,
            end_line: end,
            ...(oneLine
                ? {
                    start_column: Math.trunc(occurrence.beginColumn),
                    end_column: Math.trunc(occurrence.endColumn),
                }
                : {}),
            annotation_level: level,
            title: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(`${issue.shortcode}: ${issue.title}`, 255),
            message: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(occurrence.title || issue.title, 4000),
            raw_details: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(issue.shortDescription, 4000),
        };
    });
}
const STATE = "deepsource-issues";
function readIssuesState(text) {
    const state = (0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .readState */ .un)(text, STATE);
    const issues = Array.isArray(state?.issues)
        ? state.issues.filter((entry) => typeof entry === "object" &&
            entry !== null &&
            typeof entry.shortcode === "string" &&
            typeof entry.occurrences === "number")
        : [];
    const sending = state?.sending;
    return typeof sending?.shortcode === "string" && typeof sending.sent === "number"
        ? { issues, sending: { shortcode: sending.shortcode, sent: sending.sent } }
        : { issues };
}
function renderSummary(context, sha, branch, entries) {
    const rows = entries.map((entry) => [
        `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(entry.shortcode, true)} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(entry.title)}`,
        (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .categoryLabel */ .Jm)(entry.category)),
        (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(entry.analyzer),
        String(entry.occurrences),
    ]);
    return [
        `Issues DeepSource found introduced on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(branch)} at ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(context.runner, sha)}; each occurrence is annotated on its lines.`,
        "",
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(["Issue", "Category", "Analyzer", "Occurrences"], rows),
    ].join("\n");
}
/**
 * Annotates every occurrence of a newly introduced issue on one `DeepSource: issues` check run per
 * commit. DeepSource sends one event per issue, so the check run collects them; its text records
 * which issues it already carries, so a repeated delivery adds no duplicate annotations.
 */
async function syncIssueAnnotations(context, item, stamp) {
    const sha = item.repository.latestCommitOid;
    (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .requireCommitSha */ .PF)(sha, "latestCommitOid");
    const octokit = await context.github();
    const externalId = `deepsource-issues:${sha}`;
    const existing = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .findCheckRun */ .TU)(octokit, context.runner, sha, ISSUES_CHECK_RUN, externalId);
    const state = readIssuesState(existing?.output.text);
    const entries = state.issues;
    if (existing && entries.some((entry) => entry.shortcode === item.issue.shortcode)) {
        context.report.record({
            reaction: "Annotations",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(ISSUES_CHECK_RUN, existing.html_url),
            result: `unchanged: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(item.issue.shortcode, true)} is already annotated`,
        });
        return;
    }
    // A run that stopped halfway through this issue's annotations left a note of how many landed.
    const resumeAt = state.sending?.shortcode === item.issue.shortcode ? state.sending.sent : 0;
    const next = [
        ...entries,
        {
            shortcode: item.issue.shortcode,
            title: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(item.issue.title, 100),
            category: item.issue.category,
            analyzer: item.issue.analyzer.name,
            occurrences: item.occurrences.length,
        },
    ];
    const total = next.reduce((sum, entry) => sum + entry.occurrences, 0);
    const failing = next.some((entry) => annotationLevel(entry.category) === "failure");
    const completedAt = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(stamp);
    const desired = {
        name: ISSUES_CHECK_RUN,
        headSha: sha,
        externalId,
        status: "completed",
        // Bugs and security issues fail the commit's checks; anything milder leaves it neutral.
        conclusion: failing ? "failure" : "neutral",
        ...(completedAt ? { completedAt } : {}),
        title: `${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(total, "occurrence")} of ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(next.length, "issue")} introduced`,
        summary: renderSummary(context, sha, item.repository.defaultBranch, next),
        text: `${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .marker */ .xL)("deepsource-issues", sha)}\n${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .stateMarker */ .AF)(STATE, { issues: next })}`,
        textWhileSending: (sent) => `${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .marker */ .xL)("deepsource-issues", sha)}\n${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .stateMarker */ .AF)(STATE, { issues: entries, sending: { shortcode: item.issue.shortcode, sent: resumeAt + sent } })}`,
    };
    const annotations = context.settings.annotations ? annotationsFor(item).slice(resumeAt) : [];
    const written = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .writeCheckRun */ .lS)(octokit, context.runner, existing, desired, annotations);
    context.report.record({
        reaction: "Annotations",
        target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(ISSUES_CHECK_RUN, written.url),
        result: `${existing ? "updated" : "created"} (${desired.conclusion}): ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(annotations.length, "annotation")} for ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(item.issue.shortcode, true)}`,
    });
}


/***/ }),

/***/ 7034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AF: () => (/* binding */ stateMarker),
/* harmony export */   IK: () => (/* binding */ stampMarker),
/* harmony export */   QO: () => (/* binding */ isStale),
/* harmony export */   UL: () => (/* binding */ readStamp),
/* harmony export */   un: () => (/* binding */ readState),
/* harmony export */   xL: () => (/* binding */ marker),
/* harmony export */   xY: () => (/* binding */ hasMarker)
/* harmony export */ });
/**
 * Hidden HTML comments that let a later run find what an earlier run wrote (a comment, an issue,
 * a check run) and tell whether its own news is newer. GitHub renders them as nothing.
 */
const PREFIX = "hookbridge";
// Keys come from payloads; a comment must not be closable from inside (`-->`), so only a plain
// alphabet survives.
function safeKey(value) {
    return value
        .replace(/[^\w.:-]/g, "_")
        .replace(/-{2,}/g, (dashes) => "-_".repeat(dashes.length).slice(0, dashes.length));
}
/** `<!-- hookbridge:<kind>:<key> -->`: identifies one thing across runs. */
function marker(kind, key) {
    return `<!-- ${PREFIX}:${kind}:${safeKey(key)} -->`;
}
function hasMarker(text, mark) {
    return typeof text === "string" && text.includes(mark);
}
/** `<!-- hookbridge:updated-at:<n> -->`: when the state shown was current, in provider units. */
function stampMarker(stamp) {
    return `<!-- ${PREFIX}:updated-at:${stamp} -->`;
}
function readStamp(text) {
    const match = /<!-- hookbridge:updated-at:(-?\d+(?:\.\d+)?) -->/.exec(text ?? "");
    return match ? Number(match[1]) : undefined;
}
/** A small piece of state carried in a body, as base64url JSON inside a comment. */
function stateMarker(kind, state) {
    const json = JSON.stringify(state);
    return `<!-- ${PREFIX}:${kind}-state:${Buffer.from(json, "utf8").toString("base64url")} -->`;
}
function readState(text, kind) {
    const match = new RegExp(`<!-- ${PREFIX}:${kind}-state:([\\w-]*) -->`).exec(text ?? "");
    if (!match)
        return undefined;
    try {
        return JSON.parse(Buffer.from(match[1] ?? "", "base64url").toString("utf8"));
    }
    catch {
        return undefined;
    }
}
/**
 * Whether news stamped `incoming` may replace what is shown, stamped `current`. Older news never
 * does; equal stamps do, so the same delivery run twice converges instead of being refused.
 */
function isStale(incoming, current) {
    return current !== undefined && incoming < current;
}


/***/ })

};
