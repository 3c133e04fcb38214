export const id = 796;
export const ids = [796];
export const modules = {

/***/ 3796:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncAnalysisCheckRuns: () => (/* binding */ syncAnalysisCheckRuns)
/* harmony export */ });
/* unused harmony exports CHECK_STATES, checkState, checkExternalId, renderCheckSummary, desiredCheckRun */
/* harmony import */ var _github_checks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8942);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7034);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);




const completed = (conclusion) => ({
    status: "completed",
    conclusion,
});
/**
 * DeepSource check status → GitHub check run. DeepSource has no separate "running" state: a
 * PENDING check belongs to a run that has started, so it shows as in progress; WAITING (queued
 * behind other work) shows as queued. READY, NEUTRAL and anything DeepSource adds later complete
 * as neutral: finished, neither passed nor failed.
 */
const CHECK_STATES = {
    WAITING: { status: "queued" },
    PENDING: { status: "in_progress" },
    SUCCESS: completed("success"),
    FAILURE: completed("failure"),
    TIMEOUT: completed("timed_out"),
    ARTIFACT_TIMEOUT: completed("timed_out"),
    CANCEL: completed("cancelled"),
    CANCELLED: completed("cancelled"),
    SKIPPED: completed("skipped"),
    READY: completed("neutral"),
    NEUTRAL: completed("neutral"),
};
function checkState(status) {
    return Object.hasOwn(CHECK_STATES, status)
        ? CHECK_STATES[status]
        : completed("neutral");
}
function checkExternalId(run, check) {
    return `${run.runUid}:${check.analyzer.shortcode}`;
}
function withUnit(value, unit) {
    if (!unit)
        return String(value);
    return unit.length === 1 ? `${value}${unit}` : `${value} ${unit}`;
}
function metricRows(metrics) {
    const rows = [];
    for (const metric of metrics) {
        for (const item of metric.items) {
            const latest = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .latestValue */ .LO)(item);
            const status = latest?.thresholdStatus ?? "UNKNOWN";
            const mark = status === "PASSING" ? "✅ " : status === "FAILING" ? "❌ " : "";
            rows.push([
                `${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(metric.name)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(metric.shortcode, true)})`,
                (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(item.key, true),
                latest ? (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(latest.valueDisplay) : "",
                (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(withUnit(latest?.threshold ?? item.threshold, metric.unit)),
                `${mark}${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(status)}`,
            ]);
        }
    }
    return rows;
}
/** The check run's summary: issues by category, then the metrics table. */
function renderCheckSummary(context, run, check) {
    const { summary } = check;
    const lines = [
        `**${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(check.analyzer.name)}** on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(run.branchName)} at ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .commitLink */ .wn)(context.runner, run.commitOid)}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .count */ .U9)(summary.occurrencesIntroduced, "issue occurrence")} introduced, ${summary.occurrencesResolved.toLocaleString("en-US")} resolved.`,
        "",
    ];
    const categories = summary.occurrenceDistributionByCategory.filter((entry) => entry.introduced > 0);
    const rows = categories.map((entry) => [
        (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .categoryLabel */ .Jm)(entry.category)),
        String(entry.introduced),
        "",
    ]);
    rows.push([
        "**All categories**",
        `**${summary.occurrencesIntroduced}**`,
        `**${summary.occurrencesResolved}**`,
    ]);
    lines.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(["Category", "Introduced", "Resolved"], rows), "");
    const metrics = metricRows(check.metrics);
    if (metrics.length > 0)
        lines.push("**Metrics**", "", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(["Metric", "Key", "Value", "Threshold", "Status"], metrics), "");
    lines.push(`DeepSource run ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(run.runUid)}, check ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(check.id)}.`);
    return lines.join("\n");
}
function renderTitle(check, state) {
    const { summary } = check;
    const counts = `${summary.occurrencesIntroduced} introduced, ${summary.occurrencesResolved} resolved`;
    switch (state.status) {
        case "queued":
            return "Waiting for analysis";
        case "in_progress":
            return "Analysing";
        default:
            return `${check.status.charAt(0)}${check.status.slice(1).toLowerCase().replace(/_/g, " ")}: ${counts}`;
    }
}
function desiredCheckRun(context, run, check) {
    const state = checkState(check.status);
    const externalId = checkExternalId(run, check);
    return {
        name: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .checkRunName */ .$_)(check),
        headSha: run.commitOid,
        externalId,
        status: state.status,
        ...(state.conclusion ? { conclusion: state.conclusion } : {}),
        ...((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(check.createdAt) ? { startedAt: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(check.createdAt) } : {}),
        ...((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(check.finishedAt ?? check.updatedAt)
            ? { completedAt: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(check.finishedAt ?? check.updatedAt) }
            : {}),
        title: renderTitle(check, state),
        summary: renderCheckSummary(context, run, check),
        text: `${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .marker */ .xL)("deepsource-check", externalId)}\n${(0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .stampMarker */ .IK)(check.updatedAt)}`,
    };
}
/**
 * One check run per analyzer on the analysed commit (not the workflow's GITHUB_SHA: a dispatched
 * workflow runs on the default branch's tip), keyed by run and analyzer, so every update of a run
 * edits the same check run and an update older than what is shown is dropped.
 */
async function syncAnalysisCheckRuns(context, run) {
    (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .requireCommitSha */ .PF)(run.commitOid, "commitOid");
    const octokit = await context.github();
    for (const check of run.checks) {
        const desired = desiredCheckRun(context, run, check);
        const existing = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .findCheckRun */ .TU)(octokit, context.runner, desired.headSha, desired.name, desired.externalId);
        const shown = (0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .readStamp */ .UL)(existing?.output.text);
        const target = (url) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(desired.name, url);
        if (existing && (0,_markers_js__WEBPACK_IMPORTED_MODULE_2__/* .isStale */ .QO)(check.updatedAt, shown)) {
            context.report.record({
                reaction: "Check run",
                target: target(existing.html_url),
                result: "kept: it shows a newer update",
            });
            continue;
        }
        if (existing && (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .showsAlready */ .vS)(existing, desired)) {
            context.report.record({
                reaction: "Check run",
                target: target(existing.html_url),
                result: `unchanged (${existing.conclusion ?? existing.status})`,
            });
            continue;
        }
        const written = await (0,_github_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .writeCheckRun */ .lS)(octokit, context.runner, existing, desired);
        context.report.record({
            reaction: "Check run",
            target: target(written.url),
            result: `${existing ? "updated" : "created"} (${desired.conclusion ?? desired.status.replace("_", " ")})`,
        });
    }
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
