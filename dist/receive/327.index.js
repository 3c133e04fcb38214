export const id = 327;
export const ids = [327];
export const modules = {

/***/ 327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncIssueAnnotations: () => (/* binding */ syncIssueAnnotations)
/* harmony export */ });
/* unused harmony exports annotationLevel, issueConclusion, issueCheckRunName, issueExternalId, annotationsFor */
/* harmony import */ var _github_checks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8942);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7034);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);




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
/** Bugs and security issues fail the commit's checks; anything milder leaves them neutral. */
function issueConclusion(category) {
    return annotationLevel(category) === "failure" ? "failure" : "neutral";
}
/** The check run of one DeepSource issue: `DeepSource: <shortcode>`. */
function issueCheckRunName(shortcode) {
    return `DeepSource: ${shortcode}`.slice(0, 100);
}
function issueExternalId(sha, shortcode) {
    return `deepsource-issue:${sha}:${shortcode}`;
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
function renderSummary(context, item) {
    const { issue, repository } = item;
    const sha = repository.latestCommitOid;
    const description = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLines */ .RQ)(issue.shortDescription)
        .split("\n")
        .map((line) => `> ${line}`)
        .join("\n");
    return [
        `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(issue.shortcode)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(issue.title)}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .categoryLabel */ .Jm)(issue.category))}, found by the ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(issue.analyzer.name)} analyzer.`,
        "",
        `DeepSource found it introduced on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(repository.defaultBranch)} at ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(context.runner, sha)}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(item.occurrences.length, "occurrence")}, each annotated on its lines.`,
        ...(description ? ["", description] : []),
    ].join("\n");
}
/**
 * One check run per introduced DeepSource issue on its commit, annotating each occurrence.
 * DeepSource sends one event per issue, all at once; a check run of their own keeps parallel runs
 * from ever writing over each other (no state is shared between issues). A run that stopped partway
 * through the annotations is resumed from the count GitHub reports, and a repeated delivery finds
 * every annotation there and writes nothing.
 */
async function syncIssueAnnotations(context, item, stamp) {
    const sha = item.repository.latestCommitOid;
    (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .requireCommitSha */ .PF)(sha, "latestCommitOid");
    const { shortcode } = item.issue;
    const octokit = await context.github();
    const name = issueCheckRunName(shortcode);
    const externalId = issueExternalId(sha, shortcode);
    const existing = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .findCheckRun */ .TU)(octokit, context.runner, sha, name, externalId);
    const completedAt = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(stamp);
    const desired = {
        name,
        headSha: sha,
        externalId,
        status: "completed",
        conclusion: issueConclusion(item.issue.category),
        ...(completedAt ? { completedAt } : {}),
        title: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(item.issue.title, 255),
        summary: renderSummary(context, item),
        text: (0,_markers_js__WEBPACK_IMPORTED_MODULE_3__/* .marker */ .xL)("deepsource-issue-check", `${sha}:${shortcode}`),
    };
    const all = context.settings.annotations ? annotationsFor(item) : [];
    // GitHub appends annotations and never removes them, so those it already holds are the first
    // ones this issue has: a run that stopped between two batches left exactly that many.
    const sent = existing?.output.annotations_count ?? 0;
    const annotations = all.slice(sent);
    const target = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(name, existing?.html_url);
    if (existing && annotations.length === 0 && (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .showsAlready */ .vS)(existing, desired)) {
        context.report.record({
            reaction: "Annotations",
            target,
            result: `unchanged: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(shortcode, true)} is already annotated`,
        });
        return;
    }
    const written = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .writeCheckRun */ .lS)(octokit, context.runner, existing, desired, annotations);
    context.report.record({
        reaction: "Annotations",
        target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(name, written.url),
        result: `${existing ? "updated" : "created"} (${desired.conclusion}): ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(annotations.length, "annotation")} for ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(shortcode, true)}`,
    });
}


/***/ }),

/***/ 7034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IK: () => (/* binding */ stampMarker),
/* harmony export */   QO: () => (/* binding */ isStale),
/* harmony export */   UL: () => (/* binding */ readStamp),
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
/**
 * Whether news stamped `incoming` may replace what is shown, stamped `current`. Older news never
 * does; equal stamps do, so the same delivery run twice converges instead of being refused.
 */
function isStale(incoming, current) {
    return current !== undefined && incoming < current;
}


/***/ })

};
