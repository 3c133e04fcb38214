export const id = 828;
export const ids = [828];
export const modules = {

/***/ 2828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ISSUE_LABEL: () => (/* binding */ ISSUE_LABEL),
/* harmony export */   closeIssue: () => (/* binding */ closeIssue),
/* harmony export */   issueMarker: () => (/* binding */ issueMarker),
/* harmony export */   openIssue: () => (/* binding */ openIssue),
/* harmony export */   renderIssueBody: () => (/* binding */ renderIssueBody)
/* harmony export */ });
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6934);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7034);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);




/** Every synced issue carries this label; it is also how they are found again. */
const ISSUE_LABEL = "deepsource";
function issueMarker(shortcode) {
    return (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .marker */ .xL)("deepsource-issue", shortcode);
}
async function findIssue(octokit, runner, shortcode) {
    const mark = issueMarker(shortcode);
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner: runner.owner,
        repo: runner.repo,
        labels: ISSUE_LABEL,
        state: "all",
        // Oldest first, so if a person ever copies the marker into another issue the original wins.
        sort: "created",
        direction: "asc",
        per_page: 100,
    });
    return issues.find((issue) => !issue.pull_request && (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .hasMarker */ .xY)(issue.body, mark));
}
function issueTitle(item) {
    // GitHub's limit for an issue title is 256 characters.
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .clip */ .$Q)(`DeepSource ${item.issue.shortcode}: ${item.issue.title}`, 256);
}
function wantedLabels(context, item) {
    const names = [ISSUE_LABEL, item.issue.category.toLowerCase(), ...context.settings.labels];
    return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}
function renderIssueBody(context, item, stamp) {
    const { issue, repository } = item;
    const sha = repository.latestCommitOid;
    const facts = [
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(issue.shortcode),
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .categoryLabel */ .Jm)(issue.category)),
        `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(issue.analyzer.name)} analyzer`,
        ...(issue.autofixAvailable ? ["Autofix available"] : []),
    ];
    const occurrences = item.occurrences.map((occurrence) => {
        const end = Math.max(occurrence.beginLine, occurrence.endLine);
        const where = end > occurrence.beginLine
            ? `${occurrence.path}:${occurrence.beginLine}-${end}`
            : `${occurrence.path}:${occurrence.beginLine}`;
        return `- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(where, (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .linesUrl */ .Zc)(context.runner, sha, occurrence.path, occurrence.beginLine, end))}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(occurrence.title)}`;
    });
    const body = [
        issueMarker(issue.shortcode),
        (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp),
        `**${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(issue.title)}**`,
        "",
        facts.join(" · "),
        "",
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLines */ .RQ)(issue.shortDescription)
            .split("\n")
            .map((line) => `> ${line}`)
            .join("\n"),
        "",
        `DeepSource found ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(item.occurrences.length, "occurrence")} on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(repository.defaultBranch)} at ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(context.runner, sha)}:`,
        "",
        ...occurrences,
        "",
        "<sub>Kept up to date by hookbridge from DeepSource; closed when DeepSource reports the issue resolved.</sub>",
    ].join("\n");
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .truncateMarkdown */ .o4)(body, _markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_BODY_CHARS */ .GW);
}
function replaceStamp(body, stamp) {
    return /<!-- hookbridge:updated-at:[^>]* -->/.test(body)
        ? body.replace(/<!-- hookbridge:updated-at:[^>]* -->/, (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp))
        : `${(0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp)}\n${body}`;
}
/**
 * One GitHub issue per DeepSource issue: opened the first time it is introduced, refreshed (and
 * reopened) when it is introduced again, never duplicated. Found again by its hidden marker.
 */
async function openIssue(context, item, stamp) {
    const octokit = await context.github();
    const { runner } = context;
    const repo = { owner: runner.owner, repo: runner.repo };
    const labels = wantedLabels(context, item);
    const title = issueTitle(item);
    const body = renderIssueBody(context, item, stamp);
    const shortcode = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(item.issue.shortcode, true);
    const existing = await findIssue(octokit, runner, item.issue.shortcode);
    if (!existing) {
        const { data } = await octokit.rest.issues.create({ ...repo, title, body, labels });
        context.report.record({
            reaction: "Issue",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${data.number} ${title}`, data.html_url),
            result: `opened for ${shortcode}`,
        });
        return;
    }
    const target = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${existing.number} ${existing.title}`, existing.html_url);
    const shown = (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readStamp */ .UL)(existing.body);
    // At equal times a resolution wins: DeepSource stamps both events of one commit alike.
    if ((0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .isStale */ .QO)(stamp, shown)) {
        context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
        return;
    }
    if (stamp === shown && existing.state === "closed") {
        context.report.record({
            reaction: "Issue",
            target,
            result: "kept closed: resolved as of the same time",
        });
        return;
    }
    const current = (0,_labels_js__WEBPACK_IMPORTED_MODULE_3__/* .labelNames */ .l)(existing.labels);
    const missing = (0,_labels_js__WEBPACK_IMPORTED_MODULE_3__/* .missingLabels */ .C)(current, labels);
    const reopen = existing.state === "closed";
    const changed = existing.body !== body || existing.title !== title || missing.length > 0 || reopen;
    if (!changed) {
        context.report.record({ reaction: "Issue", target, result: "unchanged" });
        return;
    }
    await octokit.rest.issues.update({
        ...repo,
        issue_number: existing.number,
        title,
        body,
        ...(missing.length > 0 ? { labels: [...current, ...missing] } : {}),
        ...(reopen ? { state: "open", state_reason: "reopened" } : {}),
    });
    context.report.record({
        reaction: "Issue",
        target,
        result: reopen ? "reopened: introduced again" : "updated",
    });
}
/** Comments on and closes the issue when DeepSource reports it resolved. */
async function closeIssue(context, item, stamp, resolved) {
    const octokit = await context.github();
    const { runner } = context;
    const repo = { owner: runner.owner, repo: runner.repo };
    const existing = await findIssue(octokit, runner, item.issue.shortcode);
    if (!existing) {
        context.report.record({
            reaction: "Issue",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(item.issue.shortcode, true),
            result: "nothing to close: no synced issue",
        });
        return;
    }
    const target = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${existing.number} ${existing.title}`, existing.html_url);
    const shown = (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readStamp */ .UL)(existing.body);
    if ((0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .isStale */ .QO)(stamp, shown)) {
        context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
        return;
    }
    if (existing.state === "closed" && shown === stamp) {
        context.report.record({ reaction: "Issue", target, result: "unchanged: already closed" });
        return;
    }
    const sha = item.repository.latestCommitOid;
    await octokit.rest.issues.createComment({
        ...repo,
        issue_number: existing.number,
        body: [
            (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .marker */ .xL)("deepsource-resolved", `${item.issue.shortcode}:${stamp}`),
            `DeepSource reports ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(item.issue.shortcode)} resolved on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(item.repository.defaultBranch)} at ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(runner, sha)} (${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(resolved, "occurrence")} resolved). Closing.`,
        ].join("\n"),
    });
    await octokit.rest.issues.update({
        ...repo,
        issue_number: existing.number,
        state: "closed",
        state_reason: "completed",
        body: replaceStamp(existing.body ?? issueMarker(item.issue.shortcode), stamp),
    });
    context.report.record({ reaction: "Issue", target, result: "commented and closed" });
}


/***/ }),

/***/ 6934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ missingLabels),
/* harmony export */   l: () => (/* binding */ labelNames)
/* harmony export */ });
// Labels are created by GitHub itself the first time something is labelled with an unknown name,
// so no request is spent making sure they exist.
/** Names from GitHub's label objects, which may also be plain strings. */
function labelNames(labels) {
    return labels
        .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
        .filter((name) => name.length > 0);
}
function missingLabels(current, wanted) {
    const have = new Set(current.map((name) => name.toLowerCase()));
    return wanted.filter((name) => !have.has(name.toLowerCase()));
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
