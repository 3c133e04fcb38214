export const id = 567;
export const ids = [567];
export const modules = {

/***/ 3567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncAnalysisStatuses: () => (/* binding */ syncAnalysisStatuses)
/* harmony export */ });
/* unused harmony export statusState */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6646);


/**
 * DeepSource check status → commit status. Statuses know only four states: unfinished checks are
 * pending, a check that could not finish (timeout, cancelled) is an error, and the neutral ones
 * (skipped, ready, neutral) count as success so they do not block a merge.
 */
const STATUS_STATES = {
    WAITING: "pending",
    PENDING: "pending",
    SUCCESS: "success",
    FAILURE: "failure",
    TIMEOUT: "error",
    ARTIFACT_TIMEOUT: "error",
    CANCEL: "error",
    CANCELLED: "error",
};
function statusState(status) {
    return Object.hasOwn(STATUS_STATES, status) ? STATUS_STATES[status] : "success";
}
// A status has no hidden field, so the time of the state it shows ends its description, where the
// next run can read it back and refuse to go backwards.
const AS_OF = /\(as of (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)$/;
function describe(check) {
    const { summary } = check;
    const asOf = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .Ly)(check.updatedAt) ?? "";
    const text = `${check.status.toLowerCase()}: ${summary.occurrencesIntroduced} introduced, ${summary.occurrencesResolved} resolved`;
    // GitHub cuts descriptions at 140 characters.
    return `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(text, 140 - asOf.length - 9)} (as of ${asOf})`;
}
/** One commit status per analyzer: the fallback for repositories that do not want check runs. */
async function syncAnalysisStatuses(context, run) {
    (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .requireCommitSha */ .PF)(run.commitOid, "commitOid");
    const octokit = await context.github();
    const { owner, repo } = context.runner;
    // Newest first; one page covers a commit's statuses in practice.
    const { data: statuses } = await octokit.rest.repos.listCommitStatusesForRef({
        owner,
        repo,
        ref: run.commitOid,
        per_page: 100,
    });
    for (const check of run.checks) {
        const name = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .checkRunName */ .$_)(check);
        const state = statusState(check.status);
        const description = describe(check);
        const latest = statuses.find((status) => status.context === name);
        const shownAt = latest?.description ? AS_OF.exec(latest.description)?.[1] : undefined;
        const target = `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(name, true)} on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(run.commitOid.slice(0, 7), true)}`;
        if (shownAt && Date.parse(shownAt) > check.updatedAt * 1000) {
            context.report.record({
                reaction: "Commit status",
                target,
                result: "kept: it shows a newer update",
            });
            continue;
        }
        if (latest && latest.state === state && latest.description === description) {
            context.report.record({ reaction: "Commit status", target, result: `unchanged (${state})` });
            continue;
        }
        await octokit.rest.repos.createCommitStatus({
            owner,
            repo,
            sha: run.commitOid,
            state,
            context: name,
            description,
            ...(context.runner.runUrl ? { target_url: context.runner.runUrl } : {}),
        });
        context.report.record({
            reaction: "Commit status",
            target,
            result: `set (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(state)})`,
        });
    }
}


/***/ })

};
