export const id = 911;
export const ids = [911,793];
export const modules = {

/***/ 9911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubReactions: () => (/* binding */ githubReactions)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5568);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1793);
/**
 * Hooks signed the way GitHub signs (`X-Hub-Signature-256`): GitHub's own webhooks, hookbridge's
 * emit action, and anything else that copied GitHub's format. Deveo copied it too, so a push reads
 * the same here as there: outputs and a summary, nothing done in the repository.
 */



const account = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ login: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() });
const common = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    action: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    repository: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
        full_name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
        name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
        html_url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
        url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    })
        .optional(),
    // Deveo's shape, which hookbridge's emit action sends signed both ways: project/name.
    project: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).optional(),
    sender: account.optional(),
});
const push = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    ref: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    before: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    after: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    created: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().default(false),
    deleted: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().default(false),
    forced: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().default(false),
    commits: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional() }))
        .default([]),
    pusher: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).optional(),
});
const pullRequest = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    number: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(),
    pull_request: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
        title: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
        html_url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
        head: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ ref: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), sha: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }),
    }),
});
const githubReactions = {
    receive(event) {
        const about = common.safeParse(event.json).data ?? {};
        const named = about.repository?.name;
        const repository = about.repository?.full_name ??
            (about.project && named ? `${about.project.name}/${named}` : "");
        const facts = [];
        if (repository) {
            const url = about.repository?.html_url ?? about.repository?.url;
            facts.push(["Repository", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(repository, url)]);
        }
        if (about.action)
            facts.push(["Action", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(about.action, true)]);
        if (about.sender)
            facts.push(["Sender", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(about.sender.login)]);
        const received = {
            title: `GitHub-signed ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(event.event)}${repository ? ` hook from ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeText */ .X1)(repository)}` : " hook"}`,
            outputs: {
                object: JSON.stringify(event.json),
                repository,
                status: about.action ?? "",
            },
            facts,
            async react() { },
            failures: () => [],
        };
        const pushed = push.safeParse(event.json);
        if (pushed.success) {
            const body = pushed.data;
            const pusher = body.pusher?.name ?? about.sender?.login ?? "";
            const details = { ...body, pusher, commitCount: body.commits.length };
            return {
                ...received,
                outputs: { ...received.outputs, ...(0,_index_js__WEBPACK_IMPORTED_MODULE_0__.pushOutputs)(details) },
                facts: [...facts, ...(0,_index_js__WEBPACK_IMPORTED_MODULE_0__.pushFacts)(details)],
            };
        }
        const pull = pullRequest.safeParse(event.json);
        if (pull.success) {
            const { number, pull_request: pr } = pull.data;
            return {
                ...received,
                outputs: {
                    ...received.outputs,
                    "pull-request": String(number),
                    branch: pr.head.ref,
                    commit: pr.head.sha,
                },
                facts: [
                    ...facts,
                    ["Pull request", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)(`#${number} ${pr.title ?? ""}`.trim(), pr.html_url)],
                    ["Head", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(pr.head.sha.slice(0, 12), true)} on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(pr.head.ref, true)}`],
                ],
            };
        }
        return received;
    },
};


/***/ }),

/***/ 1793:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   branchOf: () => (/* binding */ branchOf),
/* harmony export */   deveoReactions: () => (/* binding */ deveoReactions),
/* harmony export */   pushFacts: () => (/* binding */ pushFacts),
/* harmony export */   pushOutputs: () => (/* binding */ pushOutputs),
/* harmony export */   pushStatus: () => (/* binding */ pushStatus)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1915);
/* harmony import */ var _core_schemas_deveo_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2903);
/* harmony import */ var _core_schemas_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8541);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5568);




/** Commits listed in the summary; the rest are counted. */
const LISTED_COMMITS = 10;
const ZERO_SHA = /^0+$/;
function parse(event) {
    const known = Object.hasOwn(_core_schemas_deveo_js__WEBPACK_IMPORTED_MODULE_1__/* .deveoEvents */ .Rg, event.event);
    const schema = known ? _core_schemas_deveo_js__WEBPACK_IMPORTED_MODULE_1__/* .deveoEvents */ .Rg[event.event] : _core_schemas_deveo_js__WEBPACK_IMPORTED_MODULE_1__/* .deveoEnvelope */ .Gi;
    const result = schema.safeParse(event.json);
    if (!result.success) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HookbridgeError */ .ZP("InvalidPayload", `The Deveo ${event.event} body does not match its schema: ${(0,_core_schemas_format_js__WEBPACK_IMPORTED_MODULE_2__/* .describeZodError */ .V)(result.error)}.`);
    }
    return known ? result.data : undefined;
}
/** The branch a `refs/heads/…` ref names; "" for tags and other refs. */
function branchOf(ref) {
    return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : "";
}
/** What a push did to its ref: created, deleted, forced (history rewritten) or pushed. */
function pushStatus(push) {
    if (push.created)
        return "created";
    if (push.deleted)
        return "deleted";
    return push.forced ? "forced" : "pushed";
}
/**
 * The outputs of a git-style push, the same for Deveo's push hook and GitHub's `push`:
 * `commit` is the new tip, empty when the ref was deleted (there is no tip).
 */
function pushOutputs(push) {
    return {
        ref: push.ref,
        before: push.before,
        after: push.after,
        "commit-count": String(push.commitCount),
        pusher: push.pusher,
        branch: branchOf(push.ref),
        commit: push.deleted || ZERO_SHA.test(push.after) ? "" : push.after,
        status: pushStatus(push),
    };
}
/** The summary rows of a push: where, from what to what, by whom, and its first commits. */
function pushFacts(push) {
    const listed = push.commits.slice(0, LISTED_COMMITS).map((commit) => {
        const subject = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .clip */ .$Q)(commit.message.split("\n")[0] ?? "", 72);
        return `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .link */ .nf)(commit.id.slice(0, 7), commit.url)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(subject)}`;
    });
    const more = push.commitCount - listed.length;
    if (more > 0)
        listed.push(`and ${more} more`);
    return [
        ["Ref", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(push.ref, true)],
        [
            "Before → after",
            `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(push.before.slice(0, 12), true)} → ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(push.after.slice(0, 12), true)}`,
        ],
        ["Pusher", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(push.pusher)],
        ["Commits", listed.length > 0 ? listed.join("<br>") : "none"],
    ];
}
function pushEvent(body) {
    const repository = `${body.project.name}/${body.repository.name}`;
    const where = branchOf(body.ref) || body.ref;
    return {
        title: `Deveo push to ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(where)} in ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(repository)}`,
        outputs: {
            ...pushOutputs({
                ...body,
                commitCount: body.commit_count,
                pusher: body.pusher.name,
            }),
            repository,
        },
        facts: [
            ["Repository", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .link */ .nf)(repository, body.repository.url)],
            ...pushFacts({
                ...body,
                commitCount: body.commit_count,
                pusher: body.pusher.display_name
                    ? `${body.pusher.display_name} (${body.pusher.name})`
                    : body.pusher.name,
            }),
        ],
        // Nothing to do in this repository: later steps act on the outputs.
        async react() { },
        failures: () => [],
    };
}
function operationEvent(body) {
    const { project, repository } = body;
    const name = repository ? `${project.id}/${repository.id}` : project.id;
    const facts = [
        ["Operation", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(body.operation, true)],
        ["Project", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(project.name)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(project.id, true)})`],
    ];
    if (repository) {
        facts.push([
            "Repository",
            `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(repository.id, true)}${repository.type ? ` (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(repository.type)})` : ""}`,
        ]);
    }
    facts.push(["By", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(body.subject.id)]);
    return {
        title: `Deveo ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(body.type)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(name)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeText */ .X1)(body.operation)}`,
        outputs: { repository: name, status: body.operation },
        facts,
        async react() { },
        failures: () => [],
    };
}
const deveoReactions = {
    receive(event) {
        const body = parse(event);
        const object = JSON.stringify(event.json);
        if (!body) {
            return {
                title: `Deveo ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(event.event)}`,
                outputs: { object },
                facts: [
                    [
                        "Note",
                        "hookbridge has no reaction for this Deveo hook; outputs and this summary only.",
                    ],
                ],
                async react() { },
                failures: () => [],
            };
        }
        const received = event.event === "push"
            ? pushEvent(body)
            : operationEvent(body);
        return { ...received, outputs: { ...received.outputs, object } };
    },
};


/***/ })

};
