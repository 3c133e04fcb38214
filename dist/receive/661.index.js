export const id = 661;
export const ids = [661,202];
export const modules = {

/***/ 1202:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fK: () => (/* binding */ DEJACODE_LABEL),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   syncRequest: () => (/* binding */ syncRequest)
/* harmony export */ });
/* unused harmony exports requestKey, renderRequestBody, renderComment */
/* harmony import */ var _issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3780);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7034);



/** Every issue hookbridge opens for DejaCode carries this label; it is how they are found again. */
const DEJACODE_LABEL = "dejacode";
const REQUEST_LABEL = "dejacode:request";
// Labels derived from a request, replaced on every update; other labels on the issue stay.
const DERIVED_LABEL = /^dejacode:request$|^priority:/i;
function requestKey(uuid) {
    return { label: DEJACODE_LABEL, marker: (0,_markers_js__WEBPACK_IMPORTED_MODULE_0__/* .marker */ .xL)("dejacode-request", uuid) };
}
/** Payload text as a block quote, every line escaped. */
function quote(text) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLines */ .RQ)(text)
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
}
function formValue(value) {
    if (value === null || value === undefined)
        return "";
    return typeof value === "string" ? value : JSON.stringify(value);
}
/**
 * The issue body (without markers). People are named as DejaCode names them, as escaped text:
 * a DejaCode username is not a GitHub login, so it must never become an @mention.
 */
function renderRequestBody(request) {
    const facts = [
        ["Status", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(request.status)],
        ["Priority", request.priority ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.priority) : "none"],
        ["Assignee", request.assignee ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.assignee) : "unassigned"],
        ["Requester", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.requester)],
        ["Template", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.request_template_name)],
    ];
    if (request.product_context)
        facts.push(["Product", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.product_context)]);
    if (request.content_object_display_name) {
        facts.push([
            "Applies to",
            `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.content_object_display_name)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.content_type)})`,
        ]);
    }
    facts.push(["Created", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.created_date)]);
    facts.push([
        "Last modified",
        `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.last_modified_date)}${request.last_modified_by ? ` by ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.last_modified_by)}` : ""}`,
    ]);
    facts.push(["In DejaCode", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(request.absolute_url)]);
    const lines = [
        `**${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(request.title)}**`,
        "",
        ...facts.map(([label, value]) => `- **${label}:** ${value}`),
    ];
    if (request.notes.trim())
        lines.push("", "**Notes**", "", quote(request.notes));
    const form = Object.entries(request.serialized_data).filter(([, value]) => formValue(value).trim() !== "");
    if (form.length > 0) {
        lines.push("", "**Form**", "");
        for (const [field, value] of form)
            lines.push(`- **${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(field)}:** ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(formValue(value))}`);
    }
    lines.push("", `<sub>Mirrored by hookbridge from DejaCode request ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(request.uuid)}: edits made here are replaced by the next DejaCode update; the issue is closed while the request is closed.</sub>`);
    return lines.join("\n");
}
function renderComment(comment) {
    return {
        marker: (0,_markers_js__WEBPACK_IMPORTED_MODULE_0__/* .marker */ .xL)("dejacode-comment", comment.uuid),
        body: [
            `**${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(comment.user)}** commented in DejaCode (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(comment.created_date)}):`,
            "",
            quote(comment.text),
        ].join("\n"),
    };
}
/**
 * One issue per request, kept in step with every newer update (title, body, priority label, and
 * closed while DejaCode says closed), plus one comment per request comment. Comments are added
 * whatever the order: DejaCode does not retry, so any event that carries a comment posts it.
 */
async function syncRequest(context, request, stamp, more = []) {
    const { issue } = await (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .upsertMirror */ .TR)(context, requestKey(request.uuid), {
        title: `DejaCode: ${request.title}`,
        body: renderRequestBody(request),
        labels: [
            REQUEST_LABEL,
            ...(request.priority ? [(0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .valueLabel */ .Qb)("priority:", request.priority)] : []),
        ],
        manages: (label) => DERIVED_LABEL.test(label),
        stamp,
        state: request.status === "closed" ? { state: "closed", reason: "completed" } : { state: "open" },
    });
    const comments = new Map();
    for (const comment of [...request.comments, ...more])
        comments.set(comment.uuid, comment);
    await (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .ensureComments */ .dm)(context, issue, [...comments.values()].map(renderComment));
}


/***/ }),

/***/ 2661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recordVulnerabilityUpdate: () => (/* binding */ recordVulnerabilityUpdate)
/* harmony export */ });
/* unused harmony exports VULNERABILITY_LABEL, VULNERABILITY_TITLE */
/* harmony import */ var _issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3780);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7034);
/* harmony import */ var _request_issue_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1202);




const VULNERABILITY_LABEL = "vulnerability";
const VULNERABILITY_TITLE = "DejaCode: vulnerability data updates";
const KEY = {
    label: _request_issue_js__WEBPACK_IMPORTED_MODULE_0__/* .DEJACODE_LABEL */ .fK,
    marker: (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .marker */ .xL)("dejacode-vulnerabilities", "rolling"),
};
const INTRO = [
    "DejaCode's vulnerability data notifications, one comment each.",
    "",
    "Close this issue once the news is handled: the next notification reopens it.",
    "",
    "<sub>Kept by hookbridge from DejaCode's `vulnerability.data_update` webhook.</sub>",
].join("\n");
/**
 * One rolling issue for every `vulnerability.data_update`: opened on the first notification,
 * reopened by a later one if it was closed, with each notification's text as one comment.
 * DejaCode sends no id, so a notification is known by its text's digest (the delivery id) and the
 * day it arrived: the same delivery run twice comments once, the same text another day again.
 */
async function recordVulnerabilityUpdate(context, text) {
    const octokit = await context.github();
    const repo = { owner: context.runner.owner, repo: context.runner.repo };
    const { relayed } = context.event;
    const issue = (await (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .findMirror */ .JE)(context, KEY)) ??
        (await (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .openMirror */ .Y4)(context, KEY, {
            title: VULNERABILITY_TITLE,
            body: `${KEY.marker}\n${INTRO}`,
            labels: (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .uniqueLabels */ .pe)([_request_issue_js__WEBPACK_IMPORTED_MODULE_0__/* .DEJACODE_LABEL */ .fK, VULNERABILITY_LABEL, ...context.settings.labels]),
        })).issue;
    const day = relayed.receivedAt.slice(0, 10);
    const posted = await (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .ensureComments */ .dm)(context, issue, [
        {
            marker: (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .marker */ .xL)("dejacode-vulnerability", `${day}:${context.event.id}`),
            body: [
                `**DejaCode reported new vulnerability data** (received ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(relayed.receivedAt)}):`,
                "",
                (0,_request_issue_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(text),
            ].join("\n"),
        },
    ]);
    if (posted > 0 && issue.state === "closed") {
        await octokit.rest.issues.update({
            ...repo,
            issue_number: issue.number,
            state: "open",
            state_reason: "reopened",
        });
        context.report.record({
            reaction: "Issue",
            target: (0,_issue_mirror_js__WEBPACK_IMPORTED_MODULE_2__/* .issueTarget */ .Xp)(issue),
            result: "reopened: new vulnerability data",
        });
    }
}


/***/ }),

/***/ 3780:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Az: () => (/* binding */ closeMirror),
/* harmony export */   JE: () => (/* binding */ findMirror),
/* harmony export */   Qb: () => (/* binding */ valueLabel),
/* harmony export */   TR: () => (/* binding */ upsertMirror),
/* harmony export */   Xp: () => (/* binding */ issueTarget),
/* harmony export */   Y4: () => (/* binding */ openMirror),
/* harmony export */   dm: () => (/* binding */ ensureComments),
/* harmony export */   pe: () => (/* binding */ uniqueLabels)
/* harmony export */ });
/* unused harmony export mirrorBody */
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6934);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5568);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7034);



function repoOf(context) {
    return { owner: context.runner.owner, repo: context.runner.repo };
}
/** `#12 Title`, linked: how the job summary names an issue. */
function issueTarget(issue) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(`#${issue.number} ${issue.title}`, issue.html_url);
}
/** Labels without repeats (GitHub compares label names case-insensitively), first spelling kept. */
function uniqueLabels(names) {
    return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}
/** A label made from a payload value: one line, lower-case, within GitHub's 50 characters. */
function valueLabel(prefix, value) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(`${prefix}${value.trim().replace(/\s+/g, " ").toLowerCase()}`, 50);
}
/** The body as stored: marker and stamp first (where a cut never reaches), then the content. */
function mirrorBody(key, content) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateMarkdown */ .o4)([key.marker, (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(content.stamp), content.body].join("\n"), _markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_BODY_CHARS */ .GW);
}
function replaceStamp(body, stamp) {
    const pattern = /<!-- hookbridge:updated-at:[^>]* -->/;
    return pattern.test(body)
        ? body.replace(pattern, (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp))
        : `${(0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .stampMarker */ .IK)(stamp)}\n${body}`;
}
/** Every issue carrying the marker, oldest first: the first is the mirror, any other a copy. */
async function listMirrors(context, key) {
    const octokit = await context.github();
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repoOf(context),
        labels: key.label,
        state: "all",
        // Oldest first, so if a person ever copies the marker into another issue the original wins.
        sort: "created",
        direction: "asc",
        per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request && (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .hasMarker */ .xY)(issue.body, key.marker));
}
async function findMirror(context, key) {
    return (await listMirrors(context, key))[0];
}
/**
 * Opens the issue. GitHub runs workflows in parallel, so two events about one object can both
 * find no issue and both open one; the run whose issue came second notices, closes its copy
 * (without the marker, so it is never found again) and carries on with the first.
 */
async function openMirror(context, key, issue) {
    const octokit = await context.github();
    const repo = repoOf(context);
    const { data } = await octokit.rest.issues.create({
        ...repo,
        ...issue,
        labels: [...issue.labels],
    });
    const first = await findMirror(context, key);
    if (!first || first.number === data.number) {
        context.report.record({ reaction: "Issue", target: issueTarget(data), result: "opened" });
        return { issue: data, opened: true };
    }
    await octokit.rest.issues.update({
        ...repo,
        issue_number: data.number,
        state: "closed",
        state_reason: "not_planned",
        body: `Opened twice at the same moment by parallel workflow runs: #${first.number} is the issue hookbridge keeps up to date.`,
    });
    context.report.record({
        reaction: "Issue",
        target: issueTarget(data),
        result: `closed: a parallel run opened #${first.number} for the same object first`,
    });
    return { issue: first, opened: false };
}
function sameLabels(a, b) {
    const lower = (names) => new Set(names.map((name) => name.toLowerCase()));
    const left = lower(a);
    const right = lower(b);
    return left.size === right.size && [...left].every((name) => right.has(name));
}
/**
 * Opens the issue, or brings it up to `content` when that is at least as new as what it shows:
 * title, body, the source's labels (others are kept) and, when given, its state.
 */
async function upsertMirror(context, key, content) {
    const octokit = await context.github();
    const repo = repoOf(context);
    const title = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(content.title, 256);
    const body = mirrorBody(key, content);
    const wanted = uniqueLabels([key.label, ...content.labels, ...context.settings.labels]);
    let existing = await findMirror(context, key);
    if (!existing) {
        const opened = await openMirror(context, key, { title, body, labels: wanted });
        if (opened.opened) {
            if (content.state?.state !== "closed")
                return { issue: opened.issue, applied: true };
            const { data } = await octokit.rest.issues.update({
                ...repo,
                issue_number: opened.issue.number,
                state: "closed",
                state_reason: content.state.reason,
            });
            context.report.record({
                reaction: "Issue",
                target: issueTarget(data),
                result: "closed: it is closed at the source",
            });
            return { issue: data, applied: true };
        }
        // Another run opened it first: bring that one up to date like any existing mirror.
        existing = opened.issue;
    }
    const target = issueTarget(existing);
    if ((0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .isStale */ .QO)(content.stamp, (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readStamp */ .UL)(existing.body))) {
        context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
        return { issue: existing, applied: false };
    }
    const current = (0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .labelNames */ .l)(existing.labels);
    const keep = new Set(wanted.map((name) => name.toLowerCase()));
    const labels = [
        ...current.filter((name) => keep.has(name.toLowerCase()) || !content.manages(name)),
        ...(0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .missingLabels */ .C)(current, wanted),
    ];
    const relabel = !sameLabels(current, labels);
    const restate = content.state !== undefined && content.state.state !== existing.state
        ? content.state
        : undefined;
    if (existing.body === body && existing.title === title && !relabel && !restate) {
        context.report.record({ reaction: "Issue", target, result: "unchanged" });
        return { issue: existing, applied: true };
    }
    const { data } = await octokit.rest.issues.update({
        ...repo,
        issue_number: existing.number,
        title,
        body,
        ...(relabel ? { labels } : {}),
        ...(restate?.state === "closed"
            ? { state: "closed", state_reason: restate.reason }
            : restate?.state === "open"
                ? { state: "open", state_reason: "reopened" }
                : {}),
    });
    context.report.record({
        reaction: "Issue",
        target,
        result: restate
            ? restate.state === "closed"
                ? "updated and closed"
                : "updated and reopened"
            : "updated",
    });
    return { issue: data, applied: true };
}
/**
 * Posts the comments the issue does not carry yet (by marker), in order, listing the issue's
 * comments once. Returns how many were posted.
 */
async function ensureComments(context, issue, wanted) {
    if (wanted.length === 0)
        return 0;
    const octokit = await context.github();
    const repo = repoOf(context);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
    });
    const missing = wanted.filter((item) => !comments.some((comment) => (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .hasMarker */ .xY)(comment.body, item.marker)));
    for (const item of missing) {
        const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: issue.number,
            body: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateMarkdown */ .o4)(`${item.marker}\n${item.body}`, _markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_BODY_CHARS */ .GW),
        });
        context.report.record({
            reaction: "Comment",
            target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(`comment on #${issue.number}`, data.html_url),
            result: "created",
        });
    }
    const posted = wanted.length - missing.length;
    if (posted > 0) {
        context.report.record({
            reaction: "Comment",
            target: issueTarget(issue),
            result: `unchanged: ${posted === 1 ? "1 comment" : `${posted} comments`} already posted`,
        });
    }
    return missing.length;
}
/**
 * Comments and closes, unless the issue shows newer news or is already closed as of the same
 * moment. The comment comes first, so a run that stops between the two leaves it to be closed by
 * the next run rather than closed without a word.
 */
async function closeMirror(context, key, closing) {
    const existing = await findMirror(context, key);
    if (!existing)
        return undefined;
    const target = issueTarget(existing);
    const shown = (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readStamp */ .UL)(existing.body);
    if ((0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .isStale */ .QO)(closing.stamp, shown)) {
        context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
        return existing;
    }
    if (existing.state === "closed" && shown === closing.stamp) {
        context.report.record({ reaction: "Issue", target, result: "unchanged: already closed" });
        return existing;
    }
    await ensureComments(context, existing, [
        { marker: closing.commentMarker, body: closing.comment },
    ]);
    const octokit = await context.github();
    const { data } = await octokit.rest.issues.update({
        ...repoOf(context),
        issue_number: existing.number,
        state: "closed",
        state_reason: closing.reason,
        body: replaceStamp(existing.body ?? key.marker, closing.stamp),
    });
    context.report.record({ reaction: "Issue", target, result: "closed" });
    return data;
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
