export const id = 185;
export const ids = [185];
export const modules = {

/***/ 1185:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dejacodeReactions: () => (/* binding */ dejacodeReactions)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1915);
/* harmony import */ var _core_providers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(174);
/* harmony import */ var _core_schemas_common_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4843);
/* harmony import */ var _core_schemas_dejacode_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2333);
/* harmony import */ var _core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8541);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5568);






/** Keys DejaCode itself sends; every other top-level key came from the webhook's "extra payload". */
const OWN_KEYS = new Set(["hook", "data", "text"]);
function parse(event) {
    const known = Object.hasOwn(_core_schemas_dejacode_js__WEBPACK_IMPORTED_MODULE_2__/* .dejacodeEvents */ .r_, event.event);
    const schema = known ? _core_schemas_dejacode_js__WEBPACK_IMPORTED_MODULE_2__/* .dejacodeEvents */ .r_[event.event] : _core_schemas_dejacode_js__WEBPACK_IMPORTED_MODULE_2__/* .dejacodeEnvelope */ .Gb;
    const result = schema.safeParse(event.json);
    if (!result.success) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HookbridgeError */ .ZP("InvalidPayload", `The DejaCode ${event.event} body does not match its schema: ${(0,_core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__/* .describeZodError */ .V)(result.error)}.`);
    }
    return known ? result.data : undefined;
}
// `Object.fromEntries` defines own properties, so a key such as "__proto__" stays a plain key.
function split(json) {
    const entries = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_4__/* .isRecord */ .u4)(json) ? Object.entries(json) : [];
    return {
        own: Object.fromEntries(entries.filter(([key]) => OWN_KEYS.has(key))),
        extra: Object.fromEntries(entries.filter(([key]) => !OWN_KEYS.has(key))),
    };
}
function extraFacts(extra) {
    const keys = Object.keys(extra);
    return keys.length > 0 ? [["Extra payload", keys.map((key) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(key, true)).join(", ")]] : [];
}
/** When the request was last changed, in milliseconds; the relay's receipt when unreadable. */
function stampOf(request, event) {
    return (0,_core_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRfc3339 */ .TM)(request.last_modified_date) ?? Date.parse(event.relayed.receivedAt);
}
// A private request stays in DejaCode: the repository (and its job summaries) may be seen by
// people DejaCode does not show the request to, so neither its text nor its comments are copied.
function skipPrivate(context, request) {
    if (!request.is_private)
        return false;
    context.report.record({
        reaction: "Issue",
        target: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(request.uuid, true),
        result: "skipped: the request is private in DejaCode, so it is not copied into the repository",
    });
    return true;
}
function requestFacts(request) {
    if (request.is_private)
        return [["Request", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(request.uuid, true)} (private in DejaCode: not shown)`]];
    return [
        ["Request", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeText */ .X1)(request.title)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(request.uuid, true)})`],
        ["Status", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(request.status, true)],
        ["Priority", request.priority ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeText */ .X1)(request.priority) : "none"],
        ["Assignee", request.assignee ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeText */ .X1)(request.assignee) : "unassigned"],
    ];
}
function requestEvent(body, event, extra) {
    const request = body.data;
    const verb = body.hook.event === "request.updated" ? "updated" : "added";
    return {
        title: `DejaCode request ${verb}`,
        outputs: { object: JSON.stringify(request), status: request.status },
        facts: [...requestFacts(request), ...extraFacts(extra)],
        async react(context) {
            if (skipPrivate(context, request))
                return;
            await context.attempt("Issue mirror", async () => {
                const { syncRequest } = await __webpack_require__.e(/* import() */ 202).then(__webpack_require__.bind(__webpack_require__, 1202));
                await syncRequest(context, request, stampOf(request, event));
            });
        },
        failures: () => [],
    };
}
function commentEvent(body, event, extra) {
    const { request, ...fields } = body.data;
    const comment = fields;
    const facts = requestFacts(request);
    if (!request.is_private)
        facts.push(["Comment by", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeText */ .X1)(comment.user)]);
    return {
        title: "DejaCode request comment added",
        outputs: { object: JSON.stringify(body.data), status: request.status },
        facts: [...facts, ...extraFacts(extra)],
        async react(context) {
            if (skipPrivate(context, request))
                return;
            await context.attempt("Issue mirror", async () => {
                const { syncRequest } = await __webpack_require__.e(/* import() */ 202).then(__webpack_require__.bind(__webpack_require__, 1202));
                // The request comes with its comment, so a comment that arrives first opens the issue.
                await syncRequest(context, request, stampOf(request, event), [comment]);
            });
        },
        failures: () => [],
    };
}
function vulnerabilityEvent(text, extra) {
    const firstLine = text.split("\n").find((line) => line.trim()) ?? "";
    return {
        title: "DejaCode vulnerability data update",
        outputs: { object: JSON.stringify({ text }) },
        facts: [["Notification", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeText */ .X1)(firstLine)], ...extraFacts(extra)],
        async react(context) {
            await context.attempt("Vulnerability issue", async () => {
                const { recordVulnerabilityUpdate } = await __webpack_require__.e(/* import() */ 661).then(__webpack_require__.bind(__webpack_require__, 2661));
                await recordVulnerabilityUpdate(context, text);
            });
        },
        failures: () => [],
    };
}
function otherEvent(type, own, extra) {
    const object = own.data ?? own;
    const status = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_4__/* .isRecord */ .u4)(object) && typeof object.status === "string" ? object.status : "";
    return {
        title: `DejaCode ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_5__/* .code */ .aY)(type)}`,
        outputs: { object: JSON.stringify(object), status },
        facts: [
            ...extraFacts(extra),
            [
                "Note",
                "hookbridge has no reaction for this DejaCode event; outputs and this summary only.",
            ],
        ],
        async react() { },
        failures: () => [],
    };
}
/** Whether the body was validated as one of these events (`parse` used the event's schema). */
function isEvent(body, event, ...names) {
    return body !== undefined && names.includes(event.event);
}
function describe(event, extra) {
    const body = parse(event);
    if (isEvent(body, event, "request.added", "request.updated"))
        return requestEvent(body, event, extra);
    if (isEvent(body, event, "request_comment.added"))
        return commentEvent(body, event, extra);
    if (isEvent(body, event, "vulnerability.data_update"))
        return vulnerabilityEvent(body.text, extra);
    return otherEvent(event.event, split(event.json).own, extra);
}
const dejacodeReactions = {
    receive(event) {
        const { extra } = split(event.json);
        const received = describe(event, extra);
        return { ...received, outputs: { ...received.outputs, extra: JSON.stringify(extra) } };
    },
};


/***/ })

};
