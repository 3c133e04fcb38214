export const id = 706;
export const ids = [706];
export const modules = {

/***/ 706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   send: () => (/* binding */ send)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(296);
/* harmony import */ var _core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(119);
/* harmony import */ var _read_body_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(864);




const CONTENT_TYPES = {
    json: "application/json",
    form: "application/x-www-form-urlencoded",
};
/** `hookbridge send`: signs a body as a provider would and POSTs it, printing the answer. */
async function send(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args,
        options: {
            provider: { type: "string" },
            secret: { type: "string" },
            url: { type: "string" },
            file: { type: "string" },
            event: { type: "string" },
            id: { type: "string" },
            "content-type": { type: "string", default: "json" },
            "token-header": { type: "string" },
        },
    });
    const provider = values.provider ?? "";
    if (!(0,_core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__/* .isProviderName */ .X2)(provider))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", `--provider must be one of ${_core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVIDER_NAMES */ .xd.join(", ")}.`);
    const secret = values.secret ?? process.env.HOOKBRIDGE_SECRET;
    if (!secret)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--secret is required (or set it in HOOKBRIDGE_SECRET).");
    if (!values.url || !URL.canParse(values.url))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--url must be an absolute http(s) URL.");
    const contentType = values["content-type"];
    if (!(contentType in CONTENT_TYPES))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--content-type must be json or form.");
    let body = await (0,_read_body_js__WEBPACK_IMPORTED_MODULE_3__/* .readBody */ .x)(values.file, io.stdin);
    if (contentType === "form")
        body = new TextEncoder().encode(`payload=${encodeURIComponent(new TextDecoder().decode(body))}`);
    const signed = await (0,_core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__/* .signatureScheme */ .EO)(provider, { tokenHeader: values["token-header"] }).sign(body, secret, { id: values.id });
    const headers = { "content-type": CONTENT_TYPES[contentType], ...signed };
    if (values.event)
        headers[provider === "github" ? "x-github-event" : "x-hookbridge-event"] = values.event;
    if (values.id && provider !== "standard")
        headers[provider === "github" ? "x-github-delivery" : "x-hookbridge-delivery"] = values.id;
    const response = await fetch(values.url, { method: "POST", headers, body });
    const text = await response.text();
    io.stdout(`${response.status} ${response.statusText}`);
    if (text)
        io.stdout(text);
    return response.ok ? 0 : 1;
}


/***/ })

};
