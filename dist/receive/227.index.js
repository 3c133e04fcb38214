export const id = 227;
export const ids = [227];
export const modules = {

/***/ 3227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncAutofixComment: () => (/* binding */ syncAutofixComment)
/* harmony export */ });
/* unused harmony exports AUTOFIX_LABEL, autofixMarker, renderAutofixComment */
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6934);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7034);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);




const AUTOFIX_LABEL = "autofix";
function autofixMarker(runUid) {
    return (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .marker */ .xL)("autofix", runUid);
}
const HEADLINES = {
    PENDING: "⏳ DeepSource Autofix is running",
    SUCCESS: "✅ DeepSource Autofix succeeded",
    FAILURE: "❌ DeepSource Autofix failed",
    TIMEOUT: "⌛ DeepSource Autofix timed out",
    CANCEL: "⏹️ DeepSource Autofix was cancelled",
    STALE: "💤 DeepSource Autofix went stale",
};
function renderAutofixComment(context, run, stamp) {
    const headline = Object.hasOwn(HEADLINES, run.status)
        ? HEADLINES[run.status]
        : `DeepSource Autofix: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(run.status)}`;
    const autofix = run.autofixPullRequest;
    const lines = [
        autofixMarker(run.runUid),
        (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp),
        `### ${headline}`,
        "",
        `- **Run:** ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(run.runUid)}, started ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .readableTime */ .GI)(run.createdAt)}${run.finishedAt ? `, finished ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .readableTime */ .GI)(run.finishedAt)}` : ""}`,
        `- **Source:** ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(context.runner, run.sourceCommit.sha)} on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(run.sourceCommit.branch)}`,
        `- **Autofix pull request:** ${autofix
            ? `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${autofix.number} ${autofix.title}`, autofix.url ?? (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .pullUrl */ .XA)(context.runner, autofix.number))}${autofix.status ? ` (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(autofix.status.toLowerCase())})` : ""}`
            : "not opened yet"}`,
    ];
    if (run.affectedIssues.length > 0) {
        lines.push("", `**Fixes ${run.affectedIssues.length === 1 ? "1 issue" : `${run.affectedIssues.length} issues`}:**`, "");
        for (const issue of run.affectedIssues) {
            lines.push(`- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(issue.shortcode)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(issue.title)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .categoryLabel */ .Jm)(issue.category))}, ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(issue.analyzer.name)})`);
        }
    }
    lines.push("", "<sub>Updated in place by hookbridge as the Autofix run moves on.</sub>");
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .truncateMarkdown */ .o4)(lines.join("\n"), _markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_BODY_CHARS */ .GW);
}
/**
 * One sticky comment per Autofix run on its source pull request (or, when there is none, on the
 * Autofix pull request), edited in place as the run moves on; the source pull request also carries
 * the `autofix` label (and the `labels` input) once any delivery has named it.
 */
async function syncAutofixComment(context, run, stamp) {
    const source = run.sourcePullRequest;
    const number = source?.number ?? run.autofixPullRequest?.number;
    if (number === undefined) {
        context.report.record({
            reaction: "Comment",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(run.runUid, true),
            result: "skipped: the run has no pull request to comment on",
        });
        return;
    }
    const octokit = await context.github();
    const { runner } = context;
    const repo = { owner: runner.owner, repo: runner.repo };
    const mark = autofixMarker(run.runUid);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100,
    });
    const existing = comments.find((comment) => (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .hasMarker */ .xY)(comment.body, mark));
    const body = renderAutofixComment(context, run, stamp);
    const pullLink = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${number}`, (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .pullUrl */ .XA)(runner, number));
    if (existing) {
        const target = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`comment on #${number}`, existing.html_url);
        if ((0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .isStale */ .QO)(stamp, (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readStamp */ .UL)(existing.body))) {
            context.report.record({
                reaction: "Comment",
                target,
                result: "kept: it shows a newer update",
            });
        }
        else if (existing.body === body) {
            context.report.record({ reaction: "Comment", target, result: "unchanged" });
        }
        else {
            await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
            context.report.record({
                reaction: "Comment",
                target,
                result: `updated (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(run.status.toLowerCase())})`,
            });
        }
    }
    else {
        const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: number,
            body,
        });
        context.report.record({
            reaction: "Comment",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`comment on #${number}`, data.html_url),
            result: `created (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(run.status.toLowerCase())})`,
        });
    }
    // Labelled whenever a delivery names the source pull request, not only when the comment is
    // first written: the delivery that wrote it may have named no source (a later update that
    // arrived first), or the labelling may have failed after the comment was posted.
    if (source && source.number === number) {
        const wanted = [AUTOFIX_LABEL, ...context.settings.labels];
        const { data: pull } = await octokit.rest.issues.get({ ...repo, issue_number: number });
        const labels = (0,_labels_js__WEBPACK_IMPORTED_MODULE_3__/* .missingLabels */ .C)((0,_labels_js__WEBPACK_IMPORTED_MODULE_3__/* .labelNames */ .l)(pull.labels), wanted);
        if (labels.length > 0) {
            await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels });
            context.report.record({
                reaction: "Label",
                target: pullLink,
                result: labels.map((name) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(name, true)).join(", "),
            });
        }
    }
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
