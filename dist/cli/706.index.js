export const id = 706;
export const ids = [706];
export const modules = {

/***/ 706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   send: () => (/* binding */ send)
/* harmony export */ });
/* unused harmony exports SEND_OPTIONS, refreshTimestamp */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(296);
/* harmony import */ var _core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(119);
/* harmony import */ var _read_body_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(864);
/* harmony import */ var _sign_verify_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(771);





const CONTENT_TYPES = {
    json: "application/json",
    form: "application/x-www-form-urlencoded",
};
const SEND_OPTIONS = {
    provider: { type: "string" },
    secret: { type: "string" },
    url: { type: "string" },
    file: { type: "string" },
    now: { type: "boolean" },
    event: { type: "string" },
    id: { type: "string" },
    "content-type": { type: "string", default: "json" },
    "token-header": { type: "string" },
};
/**
 * `--now`: DevRev signs the body's own `timestamp`, which the relay holds to its replay window, so a
 * sample body is stamped afresh before it is signed. Other providers sign no time in the body.
 */
function refreshTimestamp(name, body, now) {
    if (name !== "devrev")
        return body;
    let json;
    try {
        json = JSON.parse(new TextDecoder().decode(body));
    }
    catch {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--now needs a JSON body to stamp, and this one does not parse: check --file.");
    }
    if (!json || typeof json !== "object" || Array.isArray(json) || !("timestamp" in json)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--now found no top-level timestamp in the DevRev body: send a DevRev webhook body, or leave --now out.");
    }
    return new TextEncoder().encode(JSON.stringify({ ...json, timestamp: now.toISOString() }));
}
/** A network failure as one sentence with the fix: these are the user's set-up, not bugs. */
function unreachable(url, error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const code = cause instanceof Error && "code" in cause ? String(cause.code) : "";
    const where = url.host;
    const sentences = {
        ECONNREFUSED: `Nothing is listening at ${where}: start the relay (npx hookbridge relay) or correct --url.`,
        ENOTFOUND: `The host in --url, ${url.hostname}, does not resolve: check its spelling.`,
        EAI_AGAIN: `The host in --url, ${url.hostname}, could not be looked up right now: check the network and try again.`,
        ECONNRESET: `${where} closed the connection before answering: check that --url points at an HTTP server (http:// vs https://).`,
        ETIMEDOUT: `${where} did not accept the connection in time: check --url and any firewall in between.`,
        EHOSTUNREACH: `${where} is unreachable from this machine: check --url and the network.`,
    };
    const sentence = sentences[code] ??
        (/CERT|SSL|TLS|EPROTO/.test(code)
            ? `The TLS connection to ${where} failed (${code}): use http:// for a relay without TLS, or give it a certificate this machine trusts.`
            : cause instanceof Error && cause.message === "bad port"
                ? `Port ${url.port} is one fetch refuses to connect to (it is reserved for another protocol): run the relay on another port, such as 8787.`
                : code.startsWith("E")
                    ? `Could not reach ${where} (${code}): check --url and that the server is running.`
                    : undefined);
    return sentence ? new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", sentence, { cause: error }) : undefined;
}
/** `hookbridge send`: signs a body as a provider would and POSTs it, printing the answer. */
async function send(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args, options: SEND_OPTIONS });
    const name = (0,_sign_verify_js__WEBPACK_IMPORTED_MODULE_4__/* .provider */ .Mn)(values.provider);
    const secret = (0,_sign_verify_js__WEBPACK_IMPORTED_MODULE_4__/* .signingSecret */ .u2)(name, values.secret ?? process.env.HOOKBRIDGE_SECRET);
    if (!values.url || !URL.canParse(values.url))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--url must be an absolute http(s) URL.");
    const url = new URL(values.url);
    const contentType = values["content-type"];
    if (!(contentType in CONTENT_TYPES))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .HookbridgeError */ .ZP("BadRequest", "--content-type must be json or form.");
    const now = new Date();
    let body = await (0,_read_body_js__WEBPACK_IMPORTED_MODULE_3__/* .readBody */ .x)(values.file, io.stdin);
    if (values.now)
        body = refreshTimestamp(name, body, now);
    if (contentType === "form")
        body = new TextEncoder().encode(`payload=${encodeURIComponent(new TextDecoder().decode(body))}`);
    const signed = await (0,_core_signatures_index_js__WEBPACK_IMPORTED_MODULE_2__/* .signatureScheme */ .EO)(name, { tokenHeader: values["token-header"] }).sign(body, secret, { id: values.id, ...(values.now ? { timestamp: Math.floor(now.getTime() / 1000) } : {}) });
    const headers = { "content-type": CONTENT_TYPES[contentType], ...signed };
    if (values.event)
        headers[name === "github" ? "x-github-event" : "x-hookbridge-event"] = values.event;
    if (values.id && name !== "standard")
        headers[name === "github" ? "x-github-delivery" : "x-hookbridge-delivery"] = values.id;
    let response;
    try {
        response = await fetch(url, { method: "POST", headers, body });
    }
    catch (error) {
        throw unreachable(url, error) ?? error;
    }
    const text = await response.text();
    io.stdout(`${response.status} ${response.statusText}`);
    if (text)
        io.stdout(text);
    return response.ok ? 0 : 1;
}


/***/ })

};
