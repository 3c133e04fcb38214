export const id = 570;
export const ids = [570];
export const modules = {

/***/ 8003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R9: () => (/* binding */ workName),
/* harmony export */   go: () => (/* binding */ typeName),
/* harmony export */   hJ: () => (/* binding */ personName)
/* harmony export */ });
/** "issue" → "Issue"; types DevRev adds later read sensibly too. */
function typeName(type) {
    const words = type.replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
}
/** A person as DevRev shows them: full name, else handle, else id. */
function personName(user) {
    return user.full_name || user.display_name || user.display_id || user.id;
}
/** "ISS-42", or the full id when the work item has no display id. */
function workName(work) {
    return work.display_id ?? work.id;
}


/***/ }),

/***/ 4570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   devrevReactions: () => (/* binding */ devrevReactions)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1915);
/* harmony import */ var _core_providers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(174);
/* harmony import */ var _core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4843);
/* harmony import */ var _core_schemas_devrev_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(386);
/* harmony import */ var _core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8541);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5568);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8003);







function parse(event) {
    const known = Object.hasOwn(_core_schemas_devrev_js__WEBPACK_IMPORTED_MODULE_2__/* .devrevEvents */ .SA, event.event);
    const schema = known ? _core_schemas_devrev_js__WEBPACK_IMPORTED_MODULE_2__/* .devrevEvents */ .SA[event.event] : _core_schemas_devrev_js__WEBPACK_IMPORTED_MODULE_2__/* .devrevEnvelope */ .Vk;
    const result = schema.safeParse(event.json);
    if (!result.success) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HookbridgeError */ .ZP("InvalidPayload", `The DevRev ${event.event} body does not match its schema: ${(0,_core_schemas_format_js__WEBPACK_IMPORTED_MODULE_3__/* .describeZodError */ .V)(result.error)}.`);
    }
    return known ? result.data : undefined;
}
/**
 * When the news was current, in milliseconds: the work item's `modified_date`, which DevRev
 * gives so receivers can order its semi-ordered deliveries, else the event's own `timestamp`.
 */
function stampOf(modified, timestamp) {
    return ((modified === undefined ? undefined : (0,_core_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRfc3339 */ .TM)(modified)) ?? (0,_core_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRfc3339 */ .TM)(timestamp) ?? 0);
}
function workFacts(work) {
    const facts = [
        ["Work item", `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)((0,_format_js__WEBPACK_IMPORTED_MODULE_5__/* .workName */ .R9)(work), true)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(work.title)}`],
        ["Type", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_5__/* .typeName */ .go)(work.type))],
    ];
    if (work.stage?.name)
        facts.push(["Stage", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(work.stage.name, true)]);
    if (work.priority)
        facts.push(["Priority", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(work.priority, true)]);
    if (work.severity)
        facts.push(["Severity", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(work.severity, true)]);
    const owners = work.owned_by.map((user) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)((0,_format_js__WEBPACK_IMPORTED_MODULE_5__/* .personName */ .hJ)(user))).join(", ");
    if (owners)
        facts.push(["Owners", owners]);
    if (work.modified_date)
        facts.push(["Modified", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(work.modified_date)]);
    return facts;
}
function workChanged(body, work) {
    const verb = body.type === "work_created" ? "created" : "updated";
    const stamp = stampOf(work.modified_date, body.timestamp);
    return {
        title: `DevRev work item ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)((0,_format_js__WEBPACK_IMPORTED_MODULE_5__/* .workName */ .R9)(work))} ${verb}`,
        outputs: { object: JSON.stringify(work), status: work.stage?.name ?? verb },
        facts: workFacts(work),
        async react(context) {
            await context.attempt("Issue mirror", async () => {
                const { syncWork } = await __webpack_require__.e(/* import() */ 383).then(__webpack_require__.bind(__webpack_require__, 7383));
                await syncWork(context, work, stamp);
            });
        },
        failures: () => [],
    };
}
function workDeleted(body) {
    const { id, old_work: old } = body.work_deleted;
    const name = old ? (0,_format_js__WEBPACK_IMPORTED_MODULE_5__/* .workName */ .R9)(old) : id;
    // The deletion is newer than any edit: a late `work_updated` must not bring the issue back.
    const stamp = Math.max((0,_core_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRfc3339 */ .TM)(old?.modified_date ?? "") ?? 0, (0,_core_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRfc3339 */ .TM)(body.timestamp) ?? 0);
    return {
        title: `DevRev work item ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(name)} deleted`,
        outputs: { object: JSON.stringify(old ?? { id }), status: "deleted" },
        facts: old ? workFacts(old) : [["Work item", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(id, true)]],
        async react(context) {
            await context.attempt("Issue mirror", async () => {
                const { closeDeletedWork } = await __webpack_require__.e(/* import() */ 383).then(__webpack_require__.bind(__webpack_require__, 7383));
                await closeDeletedWork(context, id, name, body.timestamp, stamp);
            });
        },
        failures: () => [],
    };
}
/** `part_created` → the `part`; `work_deleted` → `old_work`; whatever the event data holds. */
function mainObject(json, type) {
    const data = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .isRecord */ .u4)(json) && Object.hasOwn(json, type) ? json[type] : undefined;
    if (!(0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .isRecord */ .u4)(data))
        return json;
    const noun = type.replace(/_(?:created|updated|deleted|fetched)$/, "");
    for (const key of [noun, `old_${noun}`])
        if ((0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .isRecord */ .u4)(data[key]))
            return data[key];
    return data;
}
/** Parts, conversations and every other DevRev object: outputs and a summary, nothing else. */
function otherEvent(type, json) {
    const object = mainObject(json, type);
    const verb = /_(created|updated|deleted)$/.exec(type)?.[1] ?? "";
    const stage = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .isRecord */ .u4)(object) ? (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .stringField */ .OM)(object.stage, "name") : undefined;
    const name = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .stringField */ .OM)(object, "display_id") ?? (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .stringField */ .OM)(object, "id");
    const label = (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .stringField */ .OM)(object, "title") ?? (0,_core_schemas_common_js__WEBPACK_IMPORTED_MODULE_6__/* .stringField */ .OM)(object, "name");
    const facts = [];
    if (name || label)
        facts.push([
            "Object",
            [name ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(name, true) : "", label ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeText */ .X1)(label) : ""].join(" ").trim(),
        ]);
    if (stage)
        facts.push(["Stage", (0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(stage, true)]);
    facts.push([
        "Note",
        "hookbridge mirrors DevRev work items as issues; this event sets the outputs and this summary only.",
    ]);
    return {
        title: `DevRev ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .code */ .aY)(type)}`,
        outputs: { object: JSON.stringify(object), status: stage ?? verb },
        facts,
        async react() { },
        failures: () => [],
    };
}
const devrevReactions = {
    receive(event) {
        const body = parse(event);
        switch (body?.type) {
            case "work_created":
                return workChanged(body, body.work_created.work);
            case "work_updated":
                return workChanged(body, body.work_updated.work);
            case "work_deleted":
                return workDeleted(body);
            default:
                return otherEvent(event.event, event.json);
        }
    },
};


/***/ })

};
