export const id = 159;
export const ids = [159];
export const modules = {

/***/ 159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  relay: () => (/* binding */ relay)
});

// UNUSED EXPORTS: RELAY_OPTIONS

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(975);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
// EXTERNAL MODULE: ./src/core/hmac.ts
var core_hmac = __webpack_require__(476);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core_core = __webpack_require__(532);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(857);
// EXTERNAL MODULE: ./src/core/providers.ts + 10 modules
var providers = __webpack_require__(253);
// EXTERNAL MODULE: ./src/core/signatures/index.ts + 4 modules
var signatures = __webpack_require__(119);
;// CONCATENATED MODULE: ./src/relay/config.ts




const DEFAULT_API_URL = "https://api.github.com";
const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_PORT = 8787;
/**
 * Node server limits, in seconds, sized for webhook senders: a provider sends a few KiB at once
 * and gives up on an answer within seconds (GitHub after 10 s), so a client slower than this is
 * holding a connection, not delivering.
 */
const DEFAULT_HEADERS_TIMEOUT_SECONDS = 10;
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
const DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 5;
const DEFAULT_MAX_CONNECTIONS = 1024;
const SECRET_PREFIX = "HOOKBRIDGE_SECRET_";
const REPOSITORY_NAME = /^[\w.-]+\/[\w.-]+$/;
/** `deepsource` → `HOOKBRIDGE_SECRET_DEEPSOURCE`. */
function secretVariable(provider) {
    return `${SECRET_PREFIX}${provider.toUpperCase()}`;
}
function fail(ctx, message) {
    ctx.addIssue({ code: "custom", message });
    return core_core/* NEVER */.tm;
}
const config_text = schemas/* string */.YjP()
    .optional()
    .transform((value) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
});
/** `what` completes "VARIABLE must be …", e.g. "a whole number of seconds, at least 1". */
function wholeNumber(variable, what, fallback, min, max = Number.MAX_SAFE_INTEGER) {
    return config_text.transform((value, ctx) => {
        if (value === undefined)
            return fallback;
        const number = Number(value);
        if (!/^\d+$/.test(value) || number < min || number > max) {
            return fail(ctx, `${variable} must be ${what}, not "${value.slice(0, 40)}".`);
        }
        return number;
    });
}
const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);
// One schema per variable, each parsed on its own, so one bad value does not hide the others.
const fields = {
    HOOKBRIDGE_REPOSITORY: config_text.refine((value) => value === undefined || /^[\w.-]+\/[\w.-]+$/.test(value), {
        error: "HOOKBRIDGE_REPOSITORY must name one repository as owner/repo, e.g. octo-org/octo-repo.",
    }),
    HOOKBRIDGE_REPOSITORIES: config_text.transform((value, ctx) => {
        if (value === undefined)
            return undefined;
        const allowed = [];
        const mappings = new Map();
        for (const entry of value.split(/[\s,]+/).filter((item) => item.length > 0)) {
            const [from = "", to, ...rest] = entry.toLowerCase().split("=");
            const valid = to === undefined
                ? /^[\w.-]+\/([\w.-]+|\*)$/.test(from)
                : rest.length === 0 && REPOSITORY_NAME.test(from) && REPOSITORY_NAME.test(to);
            if (!valid) {
                return fail(ctx, `HOOKBRIDGE_REPOSITORIES entry "${entry.slice(0, 60)}" must be owner/repo, owner/* or provider-owner/name=github-owner/repo.`);
            }
            if (to === undefined)
                allowed.push(from);
            else
                mappings.set(from, to);
        }
        return { allowed, mappings };
    }),
    HOOKBRIDGE_GITHUB_TOKEN: config_text,
    HOOKBRIDGE_APP_ID: config_text.refine((value) => value === undefined || /^(\d+|Iv[\w.]+)$/.test(value), {
        error: "HOOKBRIDGE_APP_ID must be the GitHub App's numeric App ID (or its Iv… client ID).",
    }),
    HOOKBRIDGE_APP_PRIVATE_KEY: config_text,
    HOOKBRIDGE_APP_INSTALLATION_ID: config_text.refine((value) => value === undefined || /^\d+$/.test(value), {
        error: "HOOKBRIDGE_APP_INSTALLATION_ID must be the numeric installation id from the App's installation URL.",
    }),
    HOOKBRIDGE_GITHUB_API_URL: config_text.transform((value, ctx) => {
        if (value === undefined)
            return DEFAULT_API_URL;
        const url = URL.parse(value);
        if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
            return fail(ctx, "HOOKBRIDGE_GITHUB_API_URL must be an http(s) URL such as https://api.github.com or https://ghes.example.com/api/v3.");
        }
        return url.href.replace(/\/+$/, "");
    }),
    HOOKBRIDGE_EVENTS: config_text.transform((value, ctx) => {
        if (value === undefined)
            return undefined;
        const patterns = value.split(/[\s,]+/).filter((pattern) => pattern.length > 0);
        for (const pattern of patterns) {
            const [provider = "", ...rest] = pattern.split(".");
            const event = rest.join(".");
            if (!(0,signatures/* isProviderName */.X2)(provider) || !/^([\w:-]+\.)*([\w:-]+|\*)$/.test(event)) {
                return fail(ctx, `HOOKBRIDGE_EVENTS entry "${pattern.slice(0, 60)}" must be provider.event or provider.* with provider one of ${signatures/* PROVIDER_NAMES */.xd.join(", ")}.`);
            }
        }
        return patterns;
    }),
    HOOKBRIDGE_DEJACODE_HEADER: config_text.transform((value, ctx) => {
        if (value === undefined)
            return signatures/* DEFAULT_TOKEN_HEADER */.Kg;
        if (!/^[!#$%&'*+.^`|~\w-]+$/.test(value)) {
            return fail(ctx, "HOOKBRIDGE_DEJACODE_HEADER must be a plain HTTP header name such as x-dejacode-token.");
        }
        return value.toLowerCase();
    }),
    HOOKBRIDGE_REPLAY_WINDOW: wholeNumber("HOOKBRIDGE_REPLAY_WINDOW", "a whole number of seconds, at least 1", DEFAULT_REPLAY_WINDOW_SECONDS, 1),
    HOOKBRIDGE_MAX_BODY: wholeNumber("HOOKBRIDGE_MAX_BODY", "a whole number of bytes, at least 1", DEFAULT_MAX_BODY_BYTES, 1),
    HOOKBRIDGE_DRY_RUN: config_text.transform((value, ctx) => {
        if (value === undefined || FALSE.has(value.toLowerCase()))
            return false;
        if (TRUE.has(value.toLowerCase()))
            return true;
        return fail(ctx, "HOOKBRIDGE_DRY_RUN must be 1/true/yes/on or 0/false/no/off.");
    }),
    PORT: wholeNumber("PORT", "a TCP port number from 0 to 65535", DEFAULT_PORT, 0, 65_535),
    HOOKBRIDGE_HEADERS_TIMEOUT: wholeNumber("HOOKBRIDGE_HEADERS_TIMEOUT", "a whole number of seconds, at least 1", DEFAULT_HEADERS_TIMEOUT_SECONDS, 1),
    HOOKBRIDGE_REQUEST_TIMEOUT: wholeNumber("HOOKBRIDGE_REQUEST_TIMEOUT", "a whole number of seconds, at least 1", DEFAULT_REQUEST_TIMEOUT_SECONDS, 1),
    HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: wholeNumber("HOOKBRIDGE_KEEP_ALIVE_TIMEOUT", "a whole number of seconds, at least 1", DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS, 1),
    HOOKBRIDGE_MAX_CONNECTIONS: wholeNumber("HOOKBRIDGE_MAX_CONNECTIONS", "a whole number of connections, at least 1", DEFAULT_MAX_CONNECTIONS, 1),
};
/** Collects one sentence per bad variable, so a user fixes everything in one round. */
class Problems {
    #sentences = new Map();
    add(variable, sentence) {
        if (!this.#sentences.has(variable))
            this.#sentences.set(variable, sentence);
    }
    get empty() {
        return this.#sentences.size === 0;
    }
    toError() {
        return new errors/* HookbridgeError */.ZP("ConfigError", [...this.#sentences.values()].join(" "));
    }
}
function readSecrets(env, problems) {
    const secrets = {};
    for (const [variable, value] of Object.entries(env)) {
        if (!variable.startsWith(SECRET_PREFIX))
            continue;
        const provider = (0,providers/* getProvider */.sO)(variable.slice(SECRET_PREFIX.length).toLowerCase());
        if (!provider) {
            problems.add(variable, `${variable} names no known provider; use one of ${signatures/* PROVIDER_NAMES */.xd.map(secretVariable).join(", ")}.`);
            continue;
        }
        if (value !== undefined && typeof value !== "string") {
            problems.add(variable, `${variable} must be a string.`);
            continue;
        }
        const list = (0,signatures/* parseSecrets */.dC)(value);
        if (list.length === 0)
            continue;
        // Messages give lengths and positions, never the secret itself.
        const short = list.findIndex((secret) => secret.length < provider.minSecretLength);
        if (short >= 0) {
            const which = list.length > 1 ? `Secret #${short + 1} in ${variable}` : variable;
            problems.add(variable, `${which} is ${list[short]?.length} characters long, but ${provider.displayName} requires at least ${provider.minSecretLength}.`);
            continue;
        }
        if (provider.name === "standard" &&
            list.some((secret) => (0,signatures/* standardWebhooksKey */.Dd)(secret) === undefined)) {
            problems.add(variable, `${variable} must hold Standard Webhooks keys: whsec_ followed by base64.`);
            continue;
        }
        secrets[provider.name] = list;
    }
    return secrets;
}
/** GitHub hands out keys as PEM; `\n` escapes let the key live in a one-line variable. */
function normalizePem(value) {
    return value.replace(/\\n/g, "\n").replace(/\r\n?/g, "\n").trim();
}
function readAuth(values, problems) {
    const token = values.HOOKBRIDGE_GITHUB_TOKEN;
    const app = {
        HOOKBRIDGE_APP_ID: values.HOOKBRIDGE_APP_ID,
        HOOKBRIDGE_APP_PRIVATE_KEY: values.HOOKBRIDGE_APP_PRIVATE_KEY,
        HOOKBRIDGE_APP_INSTALLATION_ID: values.HOOKBRIDGE_APP_INSTALLATION_ID,
    };
    const given = Object.values(app).filter((value) => value !== undefined).length;
    // The installation id is optional: without it the relay looks up each repository's installation.
    const missing = Object.entries(app)
        .filter(([key, value]) => value === undefined && key !== "HOOKBRIDGE_APP_INSTALLATION_ID")
        .map(([key]) => key);
    if (token && given > 0) {
        problems.add("HOOKBRIDGE_GITHUB_TOKEN", "HOOKBRIDGE_GITHUB_TOKEN and HOOKBRIDGE_APP_* are both set; keep only one way of signing in to GitHub.");
        return { kind: "none" };
    }
    if (token)
        return { kind: "token", token };
    if (missing.length === 0) {
        const privateKey = normalizePem(app.HOOKBRIDGE_APP_PRIVATE_KEY ?? "");
        if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\s]+\n-----END (RSA )?PRIVATE KEY-----$/.test(privateKey)) {
            problems.add("HOOKBRIDGE_APP_PRIVATE_KEY", "HOOKBRIDGE_APP_PRIVATE_KEY must be the App's PEM private key as GitHub downloads it (-----BEGIN RSA PRIVATE KEY-----…), with line breaks or \\n escapes.");
            return { kind: "none" };
        }
        return {
            kind: "app",
            appId: app.HOOKBRIDGE_APP_ID ?? "",
            privateKey,
            installationId: app.HOOKBRIDGE_APP_INSTALLATION_ID,
        };
    }
    if (given > 0) {
        problems.add(missing[0] ?? "HOOKBRIDGE_APP_ID", `GitHub App sign-in also needs ${missing.join(" and ")}.`);
    }
    else if (!values.HOOKBRIDGE_DRY_RUN) {
        problems.add("HOOKBRIDGE_GITHUB_TOKEN", "HOOKBRIDGE_GITHUB_TOKEN (or HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY) must be set so the relay can dispatch to GitHub; HOOKBRIDGE_DRY_RUN=1 tries the relay without them.");
    }
    return { kind: "none" };
}
/**
 * Reads the relay's settings from an environment (process.env on Node, bindings on Workers).
 * Throws one `ConfigError` whose message has one sentence per bad variable.
 */
function loadRelayConfig(env) {
    const problems = new Problems();
    const values = {};
    for (const [variable, schema] of Object.entries(fields)) {
        const result = schema.safeParse(env[variable]);
        if (result.success) {
            values[variable] = result.data;
        }
        else {
            // A non-string binding (a Workers JSON var) fails zod's own type check before ours.
            const issue = result.error.issues[0];
            problems.add(variable, issue?.code === "invalid_type"
                ? `${variable} must be a string.`
                : (issue?.message ?? variable));
        }
    }
    const secrets = readSecrets(env, problems);
    const auth = readAuth(values, problems);
    if (!values.HOOKBRIDGE_DRY_RUN &&
        values.HOOKBRIDGE_REPOSITORY === undefined &&
        !(typeof env.HOOKBRIDGE_REPOSITORIES === "string" && env.HOOKBRIDGE_REPOSITORIES.trim())) {
        problems.add("HOOKBRIDGE_REPOSITORY", "HOOKBRIDGE_REPOSITORY must name the repository that receives the events, as owner/repo (or HOOKBRIDGE_REPOSITORIES list the repositories to route to).");
    }
    const { HOOKBRIDGE_HEADERS_TIMEOUT: headers, HOOKBRIDGE_REQUEST_TIMEOUT: request } = values;
    if (headers !== undefined && request !== undefined && headers > request) {
        // Node refuses to start with a headers timeout longer than the whole request's.
        problems.add("HOOKBRIDGE_HEADERS_TIMEOUT", `HOOKBRIDGE_HEADERS_TIMEOUT (${headers} s) must not exceed HOOKBRIDGE_REQUEST_TIMEOUT (${request} s), because the headers are part of the request.`);
    }
    if (!problems.empty)
        throw problems.toError();
    const parsed = values;
    return {
        repository: parsed.HOOKBRIDGE_REPOSITORY,
        repositories: parsed.HOOKBRIDGE_REPOSITORIES,
        apiUrl: parsed.HOOKBRIDGE_GITHUB_API_URL,
        auth,
        secrets,
        events: parsed.HOOKBRIDGE_EVENTS,
        dejacodeHeader: parsed.HOOKBRIDGE_DEJACODE_HEADER,
        replayWindowSeconds: parsed.HOOKBRIDGE_REPLAY_WINDOW,
        maxBodyBytes: parsed.HOOKBRIDGE_MAX_BODY,
        dryRun: parsed.HOOKBRIDGE_DRY_RUN,
        port: parsed.PORT,
        server: {
            headersTimeoutSeconds: parsed.HOOKBRIDGE_HEADERS_TIMEOUT,
            requestTimeoutSeconds: parsed.HOOKBRIDGE_REQUEST_TIMEOUT,
            keepAliveTimeoutSeconds: parsed.HOOKBRIDGE_KEEP_ALIVE_TIMEOUT,
            maxConnections: parsed.HOOKBRIDGE_MAX_CONNECTIONS,
        },
    };
}
/** Providers whose route will answer 500 because no secret is configured for them. */
function providersWithoutSecret(config) {
    return signatures/* PROVIDER_NAMES */.xd.filter((name) => config.secrets[name] === undefined);
}
/** Whether `HOOKBRIDGE_EVENTS` lets `provider.event` through. */
function eventAllowed(config, provider, event) {
    if (config.events === undefined)
        return true;
    const name = `${provider}.${event}`;
    return config.events.some((pattern) => pattern.endsWith(".*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js
var api = __webpack_require__(759);
;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/iso.js



function datetime(params) {
    return api/* _isoDateTime */.G1(schemas/* ZodISODateTime */.You, params);
}
function date(params) {
    return core._isoDate(ZodISODate, params);
}
function time(params) {
    return core._isoTime(ZodISOTime, params);
}
function duration(params) {
    return core._isoDuration(ZodISODuration, params);
}

// EXTERNAL MODULE: ./src/core/bytes.ts
var bytes = __webpack_require__(596);
;// CONCATENATED MODULE: ./src/core/gzip.ts
async function pipe(bytes, transform) {
    const stream = new Blob([bytes]).stream().pipeThrough(transform);
    return new Uint8Array(await new Response(stream).arrayBuffer());
}
function gzip(bytes) {
    return pipe(bytes, new CompressionStream("gzip"));
}
function gzip_gunzip(bytes) {
    return pipe(bytes, new DecompressionStream("gzip"));
}

;// CONCATENATED MODULE: ./src/core/envelope.ts




/** GitHub rejects a `repository_dispatch` whose `event_type` is longer than this. */
const MAX_EVENT_TYPE_LENGTH = 100;
/** GitHub rejects a `client_payload` of 64 KB or more of JSON. */
const MAX_CLIENT_PAYLOAD_BYTES = 65_535;
/** Delivery ids reach logs and outputs, so they are kept to printable ASCII. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;
const clientPayloadSchema = schemas/* object */.Ikc({
    provider: schemas/* string */.YjP().min(1),
    event: schemas/* string */.YjP().min(1),
    // The id reaches logs, where a newline could forge a workflow command.
    id: schemas/* string */.YjP().regex(DELIVERY_ID, "must be 1 to 200 printable ASCII characters"),
    received_at: datetime({ offset: true }),
    headers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()),
    body: schemas/* string */.YjP().optional(),
    body_gzip: schemas/* string */.YjP().optional(),
})
    .refine((payload) => (payload.body === undefined) !== (payload.body_gzip === undefined), {
    message: "exactly one of body and body_gzip must be present",
});
// ignoreBOM keeps a leading byte-order mark in the text: dropping it would change the signed bytes.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function asText(bytes) {
    try {
        return strictUtf8.decode(bytes);
    }
    catch {
        return undefined;
    }
}
const encoder = new TextEncoder();
// Counting bytes with `encodeInto` over one reused buffer, rather than `utf8(json).length`,
// saves allocating a copy of every dispatch only to measure it. Three bytes per UTF-16 unit is
// the most UTF-8 needs, so a text up to a third of this size always fits.
const SCRATCH_BYTES = 3 * (MAX_CLIENT_PAYLOAD_BYTES + 1024);
let scratch;
function utf8Length(text) {
    if (text.length * 3 > SCRATCH_BYTES)
        return (0,bytes/* utf8 */.As)(text).length;
    scratch ??= new Uint8Array(SCRATCH_BYTES);
    return encoder.encodeInto(text, scratch).written;
}
function fitting(eventType, payload) {
    const payloadJson = JSON.stringify(payload);
    // Every UTF-16 unit takes at least one byte, so a text this long is too large without counting.
    if (payloadJson.length >= MAX_CLIENT_PAYLOAD_BYTES)
        return undefined;
    if (utf8Length(payloadJson) >= MAX_CLIENT_PAYLOAD_BYTES)
        return undefined;
    const json = `{"event_type":${JSON.stringify(eventType)},"client_payload":${payloadJson}}`;
    return {
        request: { event_type: eventType, client_payload: payload },
        json,
        bytes: utf8Length(json),
    };
}
/**
 * Builds the `repository_dispatch` request for a verified event. The body travels as text when it
 * fits, otherwise gzipped and base64-encoded, so the receiver always gets the exact bytes.
 */
async function encodeDispatch(event) {
    return (await encodeDispatchJson(event)).request;
}
/** {@link encodeDispatch}, also returning the request's JSON and its size in bytes. */
async function encodeDispatchJson(event) {
    if (!DELIVERY_ID.test(event.id)) {
        throw new errors/* HookbridgeError */.ZP("BadRequest", "The delivery id must be 1 to 200 printable ASCII characters.");
    }
    const eventType = `${event.provider}.${event.event}`;
    if (eventType.length > MAX_EVENT_TYPE_LENGTH) {
        throw new errors/* HookbridgeError */.ZP("BadRequest", `The event type "${eventType.slice(0, 40)}…" is longer than GitHub's ${MAX_EVENT_TYPE_LENGTH}-character limit for repository_dispatch.`);
    }
    const base = {
        provider: event.provider,
        event: event.event,
        id: event.id,
        received_at: event.receivedAt,
        headers: { ...event.headers },
    };
    const text = asText(event.body);
    if (text !== undefined) {
        const plain = fitting(eventType, { ...base, body: text });
        if (plain)
            return plain;
    }
    const packed = fitting(eventType, { ...base, body_gzip: (0,bytes/* toBase64 */.nk)(await gzip(event.body)) });
    if (packed)
        return packed;
    throw new errors/* HookbridgeError */.ZP("PayloadTooLarge", `The event is too large for GitHub's repository_dispatch even when compressed (limit ${MAX_CLIENT_PAYLOAD_BYTES} bytes of JSON); ask the provider to send less, e.g. fewer events per webhook.`);
}
/** Reads a `client_payload` back into the relayed event, undoing compression. */
async function decodeDispatch(payload) {
    const parsed = clientPayloadSchema.safeParse(payload);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length
            ? `client_payload.${issue.path.join(".")}: `
            : "client_payload: ";
        throw new HookbridgeError("InvalidPayload", `${where}${issue?.message ?? "invalid"} (is this event from a hookbridge relay?).`);
    }
    const value = parsed.data;
    let body;
    if (value.body !== undefined) {
        body = utf8(value.body);
    }
    else {
        const packed = fromBase64(value.body_gzip ?? "");
        if (!packed)
            throw new HookbridgeError("InvalidPayload", "client_payload.body_gzip is not valid base64.");
        try {
            body = await gunzip(packed);
        }
        catch (error) {
            throw new HookbridgeError("InvalidPayload", "client_payload.body_gzip is not valid gzip data.", { cause: error });
        }
    }
    return {
        provider: value.provider,
        event: value.event,
        id: value.id,
        receivedAt: value.received_at,
        headers: Object.fromEntries(Object.entries(value.headers).map(([k, v]) => [k.toLowerCase(), v])),
        body,
    };
}

;// CONCATENATED MODULE: ./src/core/envelope-signature.ts


/**
 * The relay signs the envelope's own fields (provider, event, id, received_at) together with the
 * body, under the provider secret it verified with. The provider's signature covers the body
 * only, so without this anyone able to send a repository_dispatch could replay an old signed body
 * with a fresh received_at (past max-age) or another delivery id.
 */
const ENVELOPE_SIGNATURE_HEADER = "x-hookbridge-envelope-signature";
const PREFIX = "sha256=";
function content(event) {
    const fields = [
        "hookbridge-envelope-v1",
        event.provider,
        event.event,
        event.id,
        event.receivedAt,
        "",
    ].join("\n");
    return (0,bytes/* concatBytes */.Id)((0,bytes/* utf8 */.As)(fields), event.body);
}
async function signEnvelope(event, secret) {
    return `${PREFIX}${(0,bytes/* toHex */.nj)(await (0,core_hmac/* hmac */.w8)("SHA-256", (0,bytes/* utf8 */.As)(secret), content(event)))}`;
}
/** True when `signature` is the relay's signature of this envelope under any of `secrets`. */
async function verifyEnvelope(event, signature, secrets) {
    if (!signature?.startsWith(PREFIX))
        return false;
    const offered = fromHex(signature.slice(PREFIX.length));
    if (offered?.length !== 32)
        return false;
    const data = content(event);
    let matched = false;
    for (const secret of secrets)
        matched = timingSafeEqual(await hmac("SHA-256", utf8(secret), data), offered) || matched;
    return matched;
}

;// CONCATENATED MODULE: ./src/relay/answers.ts

const JSON_TYPE = "application/json";
/**
 * A failure the relay answers with a specific status. `reason` is a short stable code for logs;
 * `message` is the sentence the sender reads, so it never carries a secret or a token.
 */
class RelayFailure extends Error {
    name = "RelayFailure";
    status;
    reason;
    headers;
    constructor(status, reason, message, headers = {}) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.headers = headers;
    }
}
function jsonAnswer(status, body, headers = {}) {
    return { status, headers: { ...headers, "content-type": JSON_TYPE }, body: JSON.stringify(body) };
}
function errorAnswer(status, message, headers = {}) {
    return jsonAnswer(status, { error: message }, headers);
}
/** 204 is the only answer that tells a provider GitHub accepted the event. */
function acceptedAnswer() {
    return { status: 204, headers: {}, body: null };
}
function answers_toResponse(answer) {
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
function kebab(name) {
    return name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}
/** The one place a thrown value becomes an HTTP answer. */
function answerFailure(error) {
    if (error instanceof RelayFailure) {
        return {
            answer: errorAnswer(error.status, error.message, { ...error.headers }),
            reason: error.reason,
        };
    }
    if ((0,errors/* isHookbridgeError */.bS)(error)) {
        return { answer: errorAnswer(error.status, error.message), reason: kebab(error.name) };
    }
    const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
        answer: errorAnswer(500, "The relay failed unexpectedly; the cause is in its log."),
        reason: "internal",
        internal,
    };
}

;// CONCATENATED MODULE: ./src/relay/dedupe.ts
// Provider retries after a lost answer arrive within minutes (DevRev's last one after about
// 3 minutes); an hour covers them without swallowing a redelivery someone asks for tomorrow.
const DEFAULT_TTL_MS = 60 * 60 * 1000;
const DEFAULT_CAPACITY = 10_000;
/**
 * Remembers recently dispatched delivery ids (an LRU bounded in size and age) and the ids being
 * dispatched right now, so neither a retry nor a concurrent copy dispatches twice. An id whose
 * dispatch failed is forgotten at once, so the provider's retry goes through.
 *
 * On Cloudflare Workers this memory lives in one isolate: copies of a delivery that land on
 * different isolates or locations are not recognised as duplicates.
 */
class DeliveryMemory {
    #now;
    #capacity;
    #ttlMs;
    /** id → expiry time; Map order is recency order. */
    #seen = new Map();
    #inFlight = new Set();
    /**
     * Kept from one eviction to the next. A fresh `keys()` iterator starts at the front of the
     * Map's table and steps over every slot an eviction or a refresh emptied since the table was
     * last compacted, thousands on a full memory; this one resumes where it stopped. Entries are
     * only ever evicted from the front and added at the back, so every live entry lies ahead of it.
     */
    #oldest;
    constructor(options) {
        this.#now = options.now;
        this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
        this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    }
    /**
     * Claims a delivery known by one or more keys: its id, and a digest of its signed bytes when
     * the id is not signed. A copy under any of its keys is a duplicate, so a body replayed under a
     * fresh, unsigned id is recognised too.
     */
    claim(...keys) {
        let inFlight = false;
        for (const key of keys) {
            if (this.#seenRecently(key))
                return { state: "seen" };
            if (this.#inFlight.has(key))
                inFlight = true;
        }
        if (inFlight)
            return { state: "in-flight" };
        for (const key of keys)
            this.#inFlight.add(key);
        let settled = false;
        return {
            state: "new",
            settle: (dispatched) => {
                if (settled)
                    return;
                settled = true;
                for (const key of keys) {
                    this.#inFlight.delete(key);
                    if (dispatched)
                        this.#remember(key);
                }
            },
        };
    }
    get size() {
        return this.#seen.size;
    }
    /** Whether `key` was dispatched within the TTL; a hit becomes the most recently seen. */
    #seenRecently(key) {
        const expires = this.#seen.get(key);
        if (expires === undefined)
            return false;
        this.#seen.delete(key);
        if (expires <= this.#now())
            return false;
        this.#seen.set(key, expires);
        return true;
    }
    #remember(key) {
        this.#seen.set(key, this.#now() + this.#ttlMs);
        while (this.#seen.size > this.#capacity) {
            this.#oldest ??= this.#seen.keys();
            const next = this.#oldest.next();
            if (next.done) {
                // Only reachable if the invariant above were broken: start over from the front.
                this.#oldest = undefined;
                continue;
            }
            this.#seen.delete(next.value);
        }
    }
}

;// CONCATENATED MODULE: ./node_modules/universal-github-app-jwt/lib/utils.js
// we don't @ts-check here because it chokes on atob and btoa which are available in all modern JS runtime environments

/**
 * @param {string} privateKey
 * @returns {boolean}
 */
function isPkcs1(privateKey) {
  return privateKey.includes("-----BEGIN RSA PRIVATE KEY-----");
}

/**
 * @param {string} privateKey
 * @returns {boolean}
 */
function isOpenSsh(privateKey) {
  return privateKey.includes("-----BEGIN OPENSSH PRIVATE KEY-----");
}

/**
 * @param {string} str
 * @returns {ArrayBuffer}
 */
function string2ArrayBuffer(str) {
  const buf = new ArrayBuffer(str.length);
  const bufView = new Uint8Array(buf);
  for (let i = 0, strLen = str.length; i < strLen; i++) {
    bufView[i] = str.charCodeAt(i);
  }
  return buf;
}

/**
 * @param {string} pem
 * @returns {ArrayBuffer}
 */
function getDERfromPEM(pem) {
  const pemB64 = pem
    .trim()
    .split("\n")
    .slice(1, -1) // Remove the --- BEGIN / END PRIVATE KEY ---
    .join("");

  const decoded = atob(pemB64);
  return string2ArrayBuffer(decoded);
}

/**
 * @param {import('../internals').Header} header
 * @param {import('../internals').Payload} payload
 * @returns {string}
 */
function getEncodedMessage(header, payload) {
  return `${base64encodeJSON(header)}.${base64encodeJSON(payload)}`;
}

/**
 * @param {ArrayBuffer} buffer
 * @returns {string}
 */
function base64encode(buffer) {
  var binary = "";
  var bytes = new Uint8Array(buffer);
  var len = bytes.byteLength;
  for (var i = 0; i < len; i++) {
    binary += String.fromCharCode(bytes[i]);
  }

  return utils_fromBase64(btoa(binary));
}

/**
 * @param {string} base64
 * @returns {string}
 */
function utils_fromBase64(base64) {
  return base64.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * @param {Record<string,unknown>} obj
 * @returns {string}
 */
function base64encodeJSON(obj) {
  return utils_fromBase64(btoa(JSON.stringify(obj)));
}

;// CONCATENATED MODULE: ./node_modules/universal-github-app-jwt/lib/crypto-node.js
// this can be removed once we only support Node 20+





// no-op, unfortunately there is no way to transform from PKCS8 or OpenSSH to PKCS1 with WebCrypto
function convertPrivateKey(privateKey) {
  if (!isPkcs1(privateKey)) return privateKey;

  return (0,external_node_crypto_.createPrivateKey)(privateKey).export({
    type: "pkcs8",
    format: "pem",
  });
}

;// CONCATENATED MODULE: ./node_modules/universal-github-app-jwt/lib/get-token.js
// we don't @ts-check here because it chokes crypto which is a global API in modern JS runtime environments





/**
 * @param {import('../internals').GetTokenOptions} options
 * @returns {Promise<string>}
 */
async function getToken({ privateKey, payload }) {
  const convertedPrivateKey = convertPrivateKey(privateKey);

  // WebCrypto only supports PKCS#8, unfortunately
  /* c8 ignore start */
  if (isPkcs1(convertedPrivateKey)) {
    throw new Error(
      "[universal-github-app-jwt] Private Key is in PKCS#1 format, but only PKCS#8 is supported. See https://github.com/gr2m/universal-github-app-jwt#private-key-formats"
    );
  }
  /* c8 ignore stop */

  // WebCrypto does not support OpenSSH, unfortunately
  if (isOpenSsh(convertedPrivateKey)) {
    throw new Error(
      "[universal-github-app-jwt] Private Key is in OpenSSH format, but only PKCS#8 is supported. See https://github.com/gr2m/universal-github-app-jwt#private-key-formats"
    );
  }

  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: { name: "SHA-256" },
  };

  /** @type {import('../internals').Header} */
  const header = { alg: "RS256", typ: "JWT" };

  const privateKeyDER = getDERfromPEM(convertedPrivateKey);
  const importedKey = await external_node_crypto_.subtle.importKey(
    "pkcs8",
    privateKeyDER,
    algorithm,
    false,
    ["sign"]
  );

  const encodedMessage = getEncodedMessage(header, payload);
  const encodedMessageArrBuf = string2ArrayBuffer(encodedMessage);

  const signatureArrBuf = await external_node_crypto_.subtle.sign(
    algorithm.name,
    importedKey,
    encodedMessageArrBuf
  );

  const encodedSignature = base64encode(signatureArrBuf);

  return `${encodedMessage}.${encodedSignature}`;
}

;// CONCATENATED MODULE: ./node_modules/universal-github-app-jwt/index.js
// @ts-check

// @ts-ignore - #get-token is defined in "imports" in package.json


/**
 * @param {import(".").Options} options
 * @returns {Promise<import(".").Result>}
 */
async function githubAppJwt({
  id,
  privateKey,
  now = Math.floor(Date.now() / 1000),
}) {
  // Private keys are often times configured as environment variables, in which case line breaks are escaped using `\\n`.
  // Replace these here for convenience.
  const privateKeyWithNewlines = privateKey.replace(/\\n/g, '\n');

  // When creating a JSON Web Token, it sets the "issued at time" (iat) to 30s
  // in the past as we have seen people running situations where the GitHub API
  // claimed the iat would be in future. It turned out the clocks on the
  // different machine were not in sync.
  const nowWithSafetyMargin = now - 30;
  const expiration = nowWithSafetyMargin + 60 * 10; // JWT expiration time (10 minute maximum)

  const payload = {
    iat: nowWithSafetyMargin, // Issued at time
    exp: expiration,
    iss: id,
  };

  const token = await getToken({
    privateKey: privateKeyWithNewlines,
    payload,
  });

  return {
    appId: id,
    expiration,
    token,
  };
}

;// CONCATENATED MODULE: ./src/relay/app-key.ts

// AlgorithmIdentifier { rsaEncryption, NULL } — the only thing PKCS#8 adds around an RSA key.
const RSA_ALGORITHM = [
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];
function derLength(length) {
    if (length < 0x80)
        return [length];
    const bytes = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
        bytes.unshift(rest % 256);
    return [0x80 | bytes.length, ...bytes];
}
function derElement(tag, content) {
    const header = [tag, ...derLength(content.length)];
    const out = new Uint8Array(header.length + content.length);
    out.set(header);
    out.set(content, header.length);
    return out;
}
/**
 * Returns the key as PKCS#8 PEM. GitHub downloads App keys as PKCS#1 (`BEGIN RSA PRIVATE KEY`),
 * which WebCrypto cannot import; on Workers there is no node:crypto to convert it, so the DER is
 * wrapped in a PrivateKeyInfo here. Throws a TypeError for anything that is not base64 PEM.
 */
function toPkcs8Pem(pem) {
    const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]+?)-----END (RSA )?PRIVATE KEY-----/.exec(pem);
    const der = match ? (0,bytes/* fromBase64 */.Ey)((match[2] ?? "").replace(/\s+/g, "")) : undefined;
    if (!match || !der || der.length === 0)
        throw new TypeError("The App private key is not a PEM private key.");
    const pkcs8 = match[1]
        ? derElement(0x30, (0,bytes/* concatBytes */.Id)(new Uint8Array([0x02, 0x01, 0x00]), new Uint8Array(RSA_ALGORITHM), derElement(0x04, der)))
        : der;
    const lines = (0,bytes/* toBase64 */.nk)(pkcs8).match(/.{1,64}/g) ?? [];
    return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----`;
}

// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(330);
;// CONCATENATED MODULE: ./src/core/retry-after.ts
/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), at least 0;
 * undefined when the value is missing or unusable.
 */
function parseRetryAfter(value, nowMs) {
    if (value === undefined || value === null)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // An HTTP date names its weekday and month; without letters, Date.parse reads "-5" as a year.
    if (!/[A-Za-z]/.test(text))
        return undefined;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
/**
 * The longest wait the relay passes on to a provider. A sender told to wait longer than its own
 * retry schedule gives the delivery up, and a date decades ahead (a clock error or a hostile
 * upstream) would otherwise become a wait of decades; an hour is past any real GitHub limit.
 */
const MAX_RETRY_AFTER_SECONDS = 3600;
/** Whole seconds between 1 and `MAX_RETRY_AFTER_SECONDS` for a wait given in milliseconds. */
function clampRetryAfterSeconds(waitMs) {
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(waitMs / 1000)));
}

;// CONCATENATED MODULE: ./src/core/github-response.ts

/** GitHub's documented wait when a secondary rate limit names no time of its own. */
const SECONDARY_RATE_LIMIT_WAIT_SECONDS = 60;
// GitHub's message for both kinds of limit: "API rate limit exceeded for …" (primary) and
// "You have exceeded a secondary rate limit …".
const RATE_LIMIT_MESSAGE = /secondary rate limit|api rate limit exceeded/i;
/**
 * Classifies a GitHub REST answer by GitHub's documented rate-limit signals, in their order:
 * `retry-after`; `x-ratelimit-remaining: 0` with `x-ratelimit-reset`; otherwise a 429, or a 403
 * whose message says a rate limit was exceeded, waits at least a minute. A 403 without any of
 * those is a permission refusal. Pure, so every caller (relay, queue) reads limits the same way.
 */
function classifyGitHubResponse(facts) {
    const { status, header, now } = facts;
    if (status >= 200 && status < 300)
        return { kind: "ok" };
    if (status === 403 || status === 429) {
        const retryAfter = parseRetryAfter(header("retry-after"), now);
        if (retryAfter !== undefined)
            return { kind: "rate-limited", retryAfterSeconds: clampRetryAfterSeconds(retryAfter) };
        const reset = Number(header("x-ratelimit-reset"));
        if (header("x-ratelimit-remaining")?.trim() === "0" && Number.isFinite(reset) && reset > 0) {
            return {
                kind: "rate-limited",
                retryAfterSeconds: clampRetryAfterSeconds(reset * 1000 - now),
            };
        }
        if (status === 429 || RATE_LIMIT_MESSAGE.test(facts.body)) {
            return { kind: "rate-limited", retryAfterSeconds: SECONDARY_RATE_LIMIT_WAIT_SECONDS };
        }
    }
    if (status >= 500)
        return { kind: "transient" };
    switch (status) {
        case 401:
            return { kind: "permanent", reason: "unauthorized" };
        case 403:
            return { kind: "permanent", reason: "forbidden" };
        case 404:
            return { kind: "permanent", reason: "not-found" };
        case 422:
            return { kind: "permanent", reason: "unprocessable" };
        default:
            return { kind: "permanent", reason: "other" };
    }
}

;// CONCATENATED MODULE: ./src/relay/github-api.ts



const USER_AGENT = `hookbridge-relay/${package_0/* version */.rE}`;
const API_VERSION = "2022-11-28";
/** Seconds a provider is asked to wait when the relay gave up on a slow GitHub. */
const TIMEOUT_RETRY_AFTER = 10;
/** POSTs JSON to (or GETs from) the GitHub REST API; anything but a 2xx becomes a `RelayFailure`. */
async function postToGitHub(options) {
    let response;
    const get = options.method === "GET";
    try {
        response = await options.fetch(options.url, {
            method: get ? "GET" : "POST",
            headers: {
                accept: "application/vnd.github+json",
                "x-github-api-version": API_VERSION,
                "user-agent": USER_AGENT,
                authorization: `Bearer ${options.bearer}`,
                ...(get ? {} : { "content-type": "application/json" }),
            },
            ...(get ? {} : { body: options.body }),
            signal: options.signal,
        });
    }
    catch (error) {
        throw unreachable(error, options);
    }
    if (response.ok)
        return response;
    throw await refusal(response, options);
}
function unreachable(error, options) {
    if (options.signal.aborted) {
        return new RelayFailure(503, "github-timeout", `GitHub did not answer ${options.purpose.what} in time, so the relay stopped waiting before the provider's own timeout; retry the delivery.`, { "retry-after": String(TIMEOUT_RETRY_AFTER) });
    }
    const cause = error?.cause?.code;
    const host = URL.parse(options.url)?.host ?? "GitHub";
    return new RelayFailure(502, "github-unreachable", `The relay could not reach GitHub at ${host} for ${options.purpose.what}${typeof cause === "string" ? ` (${cause})` : ""}; retry the delivery.`);
}
/** GitHub's own `message`, quoted and shortened, so the sentence shows what GitHub said. */
function githubMessage(text) {
    try {
        const message = JSON.parse(text).message;
        if (typeof message === "string" && message.length > 0) {
            return ` "${message.length > 160 ? `${message.slice(0, 160)}…` : message}"`;
        }
    }
    catch {
        // An unreadable or non-JSON error body still gets the status-based sentence.
    }
    return "";
}
async function bodyText(response) {
    try {
        return await response.text();
    }
    catch {
        return "";
    }
}
const PERMANENT_FAILURES = {
    unauthorized: { reason: "github-unauthorized", sentence: (p, detail) => p.unauthorized(detail) },
    forbidden: { reason: "github-forbidden", sentence: (p, detail) => p.forbidden(detail) },
    "not-found": { reason: "github-not-found", sentence: (p, detail) => p.notFound(detail) },
    unprocessable: { reason: "github-rejected", sentence: (p, detail) => p.unprocessable(detail) },
    other: {
        reason: "github-error",
        sentence: (p, detail) => `GitHub answered ${detail} to ${p.what}.`,
    },
};
async function refusal(response, options) {
    const { purpose } = options;
    const text = await bodyText(response);
    const detail = `${response.status}${githubMessage(text)}`;
    const verdict = classifyGitHubResponse({
        status: response.status,
        header: (name) => response.headers.get(name),
        body: text,
        now: options.now(),
    });
    switch (verdict.kind) {
        case "rate-limited": {
            const seconds = verdict.retryAfterSeconds;
            return new RelayFailure(503, "github-rate-limited", `GitHub is rate-limiting the relay (${detail}); retry the delivery in ${seconds} seconds.`, { "retry-after": String(seconds) });
        }
        case "permanent": {
            const failure = PERMANENT_FAILURES[verdict.reason];
            return new RelayFailure(502, failure.reason, failure.sentence(purpose, detail));
        }
        default:
            return new RelayFailure(502, "github-unavailable", `GitHub answered ${detail} to ${purpose.what}; retry the delivery.`);
    }
}

;// CONCATENATED MODULE: ./src/relay/auth.ts




/** Installation tokens live an hour; renewing 5 minutes early keeps one from expiring mid-call. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Cached installations and tokens; a relay sees a bounded set of repositories, this caps a surprise. */
const MAX_CACHED = 1000;
function lookupPurpose(repository) {
    return {
        what: `the installation lookup for ${repository}`,
        unauthorized: (detail) => `GitHub refused the App's JWT (${detail}); check that HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY belong to the same App and that the relay's clock is right.`,
        forbidden: (detail) => `GitHub refused to say which installation of the App covers ${repository} (${detail}); install the App on ${repository} with Contents read and write.`,
        notFound: (detail) => `The App is not installed on ${repository} (${detail}); install it there with Contents read and write, or remove the repository from HOOKBRIDGE_REPOSITORIES.`,
        unprocessable: (detail) => `GitHub could not look up the App's installation on ${repository} (${detail}).`,
    };
}
function installationPurpose(installationId, repository) {
    return {
        what: "the installation token request",
        unauthorized: (detail) => `GitHub refused the App's JWT (${detail}); check that HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY belong to the same App and that the relay's clock is right.`,
        forbidden: (detail) => `GitHub refused an installation token (${detail}); the App may be suspended, or lack the contents: write permission on ${repository}.`,
        notFound: (detail) => `GitHub found no installation ${installationId} of this App (${detail}); check HOOKBRIDGE_APP_INSTALLATION_ID, or leave it unset so the relay finds each repository's installation.`,
        unprocessable: (detail) => `GitHub would not issue a token for ${repository} (${detail}); install the App on that repository and grant it contents: write.`,
    };
}
/** Adds to a cache map, starting over when it is full rather than growing without bound. */
function remember(map, key, value) {
    if (map.size >= MAX_CACHED && !map.has(key))
        map.clear();
    map.set(key, value);
}
async function jsonOf(response) {
    return ((await response.json().catch(() => ({}))) ?? {});
}
function appTokenSource(auth, options) {
    const appId = /^\d+$/.test(auth.appId) ? Number(auth.appId) : auth.appId;
    let privateKey;
    // Only settled values are shared. A pending request is not: on Workers a promise created by
    // one request and awaited by another is cancelled when the first request ends.
    const installations = new Map();
    const tokens = new Map();
    async function signJwt() {
        try {
            privateKey ??= toPkcs8Pem(auth.privateKey);
            const jwt = await githubAppJwt({
                id: appId,
                privateKey,
                now: Math.floor(options.now() / 1000),
            });
            return jwt.token;
        }
        catch {
            throw new RelayFailure(500, "app-key", "HOOKBRIDGE_APP_PRIVATE_KEY could not sign a JWT; use the RSA private key GitHub generated for the App, unchanged.");
        }
    }
    async function installationOf(repository, signal) {
        if (auth.installationId !== undefined)
            return auth.installationId;
        const key = repository.toLowerCase();
        const known = installations.get(key);
        if (known !== undefined)
            return known;
        const response = await postToGitHub({
            fetch: options.fetch,
            method: "GET",
            url: `${options.apiUrl}/repos/${repository}/installation`,
            bearer: await signJwt(),
            body: "",
            signal,
            now: options.now,
            purpose: lookupPurpose(repository),
        });
        const id = (await jsonOf(response)).id;
        if (typeof id !== "number" || !Number.isSafeInteger(id)) {
            throw new RelayFailure(502, "github-error", `GitHub's answer to the installation lookup for ${repository} had no installation id in it.`);
        }
        remember(installations, key, String(id));
        return String(id);
    }
    return {
        async credential(repository, signal) {
            const installationId = await installationOf(repository, signal);
            const identity = `installation:${installationId}`;
            const key = options.perRepository
                ? `${installationId}\n${repository.toLowerCase()}`
                : installationId;
            const cached = tokens.get(key);
            if (cached && options.now() < cached.refreshAt)
                return { token: cached.token, identity };
            const response = await postToGitHub({
                fetch: options.fetch,
                url: `${options.apiUrl}/app/installations/${installationId}/access_tokens`,
                bearer: await signJwt(),
                // Only the one permission a dispatch needs; a single-target relay also limits the token
                // to that repository.
                body: JSON.stringify({
                    ...(options.perRepository ? { repositories: [repository.split("/")[1]] } : {}),
                    permissions: { contents: "write" },
                }),
                signal,
                now: options.now,
                purpose: installationPurpose(installationId, repository),
            });
            const answer = await jsonOf(response);
            const expires = typeof answer.expires_at === "string" ? Date.parse(answer.expires_at) : Number.NaN;
            if (typeof answer.token !== "string" ||
                answer.token.length === 0 ||
                !Number.isFinite(expires)) {
                throw new RelayFailure(502, "github-error", "GitHub's answer to the installation token request had no token in it.");
            }
            remember(tokens, key, { token: answer.token, refreshAt: expires - REFRESH_MARGIN_MS });
            return { token: answer.token, identity };
        },
        invalidate(repository) {
            const installationId = auth.installationId ?? installations.get(repository.toLowerCase());
            installations.delete(repository.toLowerCase());
            if (installationId === undefined)
                return;
            tokens.delete(installationId);
            tokens.delete(`${installationId}\n${repository.toLowerCase()}`);
        },
    };
}
function createTokenSource(options) {
    const { auth } = options;
    switch (auth.kind) {
        case "token":
            return {
                credential: async () => ({ token: auth.token, identity: "token" }),
                invalidate() { },
            };
        case "app":
            return appTokenSource(auth, options);
        case "none":
            return {
                credential: async () => {
                    throw new RelayFailure(500, "no-credentials", "The relay has no GitHub credentials; set HOOKBRIDGE_GITHUB_TOKEN.");
                },
                invalidate() { },
            };
    }
}

;// CONCATENATED MODULE: ./src/relay/dispatch.ts



function dispatchPurpose(config, repository) {
    const setting = config.repositories ? "HOOKBRIDGE_REPOSITORIES" : "HOOKBRIDGE_REPOSITORY";
    const credentials = config.auth.kind === "app" ? "the App's installation token" : "HOOKBRIDGE_GITHUB_TOKEN";
    return {
        what: "the dispatch",
        unauthorized: (detail) => `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
        forbidden: (detail) => `GitHub refused the dispatch to ${repository} (${detail}); ${credentials} needs contents: write (Contents read and write) on ${repository}, and a workflow's GITHUB_TOKEN can only dispatch to its own repository.`,
        notFound: (detail) => `GitHub answered ${detail} for ${repository}; the name in ${setting} is wrong, or ${credentials} cannot see ${repository} (give it access to that repository).`,
        unprocessable: (detail) => `GitHub rejected the dispatch payload (${detail}); if it says client_payload is too large, lower HOOKBRIDGE_MAX_BODY or have the provider send less per webhook.`,
    };
}
/** Logs what would be dispatched (never the body), so the relay can be tried without a token. */
function dryRunDispatcher(logger) {
    return async ({ request, bytes }, repository) => {
        logger({
            level: "info",
            msg: "dry run: not dispatched",
            ...(repository === undefined ? {} : { repository }),
            event_type: request.event_type,
            id: request.client_payload.id,
            size: bytes,
        });
    };
}
function createDispatcher(config, deps) {
    if (config.dryRun)
        return dryRunDispatcher(deps.logger);
    const tokens = createTokenSource({
        auth: config.auth,
        apiUrl: config.apiUrl,
        perRepository: config.repositories === undefined,
        fetch: deps.fetch,
        now: deps.now,
    });
    return async (dispatch, repository, answerBy) => {
        if (repository === undefined) {
            throw new RelayFailure(500, "no-repository", "The relay has no repository to dispatch to; set HOOKBRIDGE_REPOSITORY.");
        }
        // Made here rather than per request: a dry run, a duplicate or a refusal needs no timer.
        const signal = AbortSignal.timeout(Math.max(0, Math.round(answerBy - performance.now())));
        const { token } = await tokens.credential(repository, signal);
        try {
            const response = await postToGitHub({
                fetch: deps.fetch,
                url: `${config.apiUrl}/repos/${repository}/dispatches`,
                bearer: token,
                body: dispatch.json,
                signal,
                now: deps.now,
                purpose: dispatchPurpose(config, repository),
            });
            await response.body?.cancel();
        }
        catch (error) {
            if (error instanceof RelayFailure && error.reason === "github-unauthorized")
                tokens.invalidate(repository);
            throw error;
        }
    };
}

;// CONCATENATED MODULE: ./src/relay/forwarded-headers.ts


const MEDIA_TYPES = {
    json: "application/json",
    form: "application/x-www-form-urlencoded",
};
/**
 * The headers the receive action needs to verify the body again: the provider's own signature
 * headers, or, for a static token (DejaCode), an HMAC attestation under the token that matched,
 * because the token itself must never land in the repository's event payload. For providers that
 * send either JSON or a form (Deveo, GitHub-signed), also the body's media type, normalised, so
 * the action parses the verified bytes the way the relay did.
 */
async function forwardedHeaders(input) {
    if (input.provider.name === "dejacode") {
        for (const secret of input.secrets) {
            if ((await input.scheme.verify(input.body, input.header, [secret])).valid) {
                return (0,signatures/* attestStaticToken */.Bx)(input.body, secret);
            }
        }
        return {};
    }
    const headers = {};
    for (const name of input.scheme.headers) {
        const value = input.header(name);
        if (value)
            headers[name] = value;
    }
    const format = (0,providers/* bodyFormat */.MO)(input.header("content-type"));
    if (input.provider.formats.length > 1 && format)
        headers["content-type"] = MEDIA_TYPES[format];
    return headers;
}

;// CONCATENATED MODULE: ./src/relay/log.ts
/** Writes JSON lines to the console: stdout on Node, the Workers log stream on Cloudflare. */
const jsonLineLogger = (entry) => {
    const line = JSON.stringify(entry);
    if (entry.level === "error")
        console.error(line);
    else
        console.log(line);
};

;// CONCATENATED MODULE: ./src/relay/read-body.ts

/**
 * How much of an oversized body is read (and thrown away) before answering 413. Answering while
 * the sender is still uploading makes workerd reset the connection, so the sender would see a
 * network error instead of the sentence; past this many bytes the sender is no webhook provider.
 */
const DISCARD_LIMIT = 16 * 1024 * 1024;
function tooLarge(limit) {
    const size = limit % 1024 === 0 && limit >= 1024 ? `${limit / 1024} KiB` : `${limit} bytes`;
    return new errors/* HookbridgeError */.ZP("PayloadTooLarge", `The request body is larger than the relay's limit of ${size} (HOOKBRIDGE_MAX_BODY).`);
}
async function discard(reader) {
    let left = DISCARD_LIMIT;
    while (left > 0) {
        const { done, value } = await reader.read();
        if (done)
            return;
        left -= value.byteLength;
    }
    await reader.cancel().catch(() => { });
}
/**
 * Reads the raw body of a Web `Request`, keeping at most `limit` bytes. The stream is counted
 * here rather than left to the server, because Workers have no server-side cap of their own
 * below 100 MB.
 */
async function read_body_readBody(request, limit) {
    if (!request.body)
        return new Uint8Array(0);
    const reader = request.body.getReader();
    const declared = request.headers.get("content-length");
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
        await discard(reader).catch(() => { });
        throw tooLarge(limit);
    }
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > limit) {
            await discard(reader).catch(() => { });
            throw tooLarge(limit);
        }
        chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return body;
}

;// CONCATENATED MODULE: ./src/relay/routing.ts
const SAFE_NAME = /^[\w.-]+(\/[\w.-]+)+$/;
/** A payload's name as it may appear in a log line or an answer: plain characters only. */
function shown(name) {
    return SAFE_NAME.test(name) && name.length <= 200 ? name : "a name the relay cannot read";
}
/** github.com, and the host of a GitHub Enterprise Server API URL. */
function githubHosts(apiUrl) {
    const hosts = new Set(["github.com", "www.github.com"]);
    const host = URL.parse(apiUrl)?.host.toLowerCase();
    if (host && host !== "api.github.com")
        hosts.add(host);
    return hosts;
}
/**
 * Decides which repository an event is dispatched to. Without `HOOKBRIDGE_REPOSITORIES`, every
 * event goes to `HOOKBRIDGE_REPOSITORY`. With it, an event naming a repository goes there only
 * when the list allows it (or maps it), and an event naming none goes to the default, if any.
 */
function createRouter(config, logger) {
    const warning = routingWarning(config);
    if (warning !== undefined)
        logger?.({ level: "warn", msg: warning });
    const list = config.repositories;
    if (list === undefined)
        return () => ({ repository: config.repository });
    const hosts = githubHosts(config.apiUrl);
    function allowed(path) {
        const lower = path.toLowerCase();
        const owner = lower.split("/")[0];
        return list?.allowed.some((entry) => entry === lower || entry === `${owner}/*`) ?? false;
    }
    return (named) => {
        if (named === undefined) {
            return config.repository !== undefined
                ? { repository: config.repository }
                : {
                    ignored: "The event names no repository and HOOKBRIDGE_REPOSITORY is not set, so it was not dispatched.",
                };
        }
        const mapped = (named.alias && list.mappings.get(named.alias.toLowerCase())) ??
            list.mappings.get(named.path.toLowerCase());
        if (mapped)
            return { repository: mapped };
        if (named.host !== undefined && !hosts.has(named.host)) {
            return {
                ignored: `The event is about ${shown(named.path)} on ${/^[\w.-]{1,100}(:\d+)?$/.test(named.host) ? named.host : "another host"}, not on GitHub, so it was not dispatched; map it with an entry name=owner/repo in HOOKBRIDGE_REPOSITORIES.`,
            };
        }
        if (!/^[\w.-]+\/[\w.-]+$/.test(named.path)) {
            return {
                ignored: `The event is about ${shown(named.path)}, which is not a GitHub owner/repo, so it was not dispatched.`,
            };
        }
        if (!allowed(named.path)) {
            return {
                ignored: `The event is about ${shown(named.path)}, which is not in HOOKBRIDGE_REPOSITORIES, so it was not dispatched.`,
            };
        }
        return { repository: named.path };
    };
}
/** The start-up warning for a list without a default, or undefined when there is nothing to say. */
function routingWarning(config) {
    if (config.repositories === undefined || config.repository !== undefined)
        return undefined;
    return "HOOKBRIDGE_REPOSITORIES is set without HOOKBRIDGE_REPOSITORY: events that name no repository (DevRev, DejaCode, DeepSource team_member.* and test.event) are answered 2xx and not dispatched; set HOOKBRIDGE_REPOSITORY to send them somewhere.";
}

;// CONCATENATED MODULE: ./src/relay/handler.ts













/** Fallback answer budget; each provider states its own (DevRev abandons a delivery after 3 s). */
const DEFAULT_TIMEOUT_MS = 2500;
/** Seconds a provider is asked to wait while a copy of its delivery is being dispatched. */
const IN_FLIGHT_RETRY_AFTER = 5;
function health(request) {
    if (request.method !== "GET" && request.method !== "HEAD") {
        throw new RelayFailure(405, "method-not-allowed", "Only GET and HEAD are accepted at /healthz.", {
            allow: "GET, HEAD",
        });
    }
    return { answer: jsonAnswer(200, { ok: true }), quiet: true };
}
/**
 * The relay: verify a provider's webhook, then forward it to GitHub as a `repository_dispatch`,
 * answering 2xx only once GitHub accepted it. Runs unchanged on Node and on Cloudflare Workers;
 * state (recent delivery ids, an App token) lives in this closure.
 */
function createRelayCore(config, deps = {}) {
    // Always called unbound: Workers throw "Illegal invocation" when `fetch` runs as a method of
    // another object, which is how it would be called from an options record.
    const given = deps.fetch;
    const fetchGitHub = (input, init) => (given ?? fetch)(input, init);
    const now = deps.now ?? Date.now;
    const logger = deps.logger ?? jsonLineLogger;
    const memory = new DeliveryMemory({ now });
    const dispatch = createDispatcher(config, { fetch: fetchGitHub, now, logger });
    const routeOf = createRouter(config, logger);
    const unverifiable = providersWithoutSecret(config);
    if (unverifiable.length > 0) {
        logger({
            level: "warn",
            msg: `No secret for ${unverifiable.join(", ")}: those routes answer 500 until ${unverifiable.map(secretVariable).join(", ")} ${unverifiable.length > 1 ? "are" : "is"} set.`,
            missing: unverifiable.map(secretVariable),
        });
    }
    async function receive(provider, request, facts, started) {
        const secrets = config.secrets[provider.name];
        if (!secrets) {
            throw new RelayFailure(500, "missing-secret", `${secretVariable(provider.name)} is not set on the relay, so it cannot verify ${provider.displayName} deliveries.`);
        }
        const body = await request.body(config.maxBodyBytes);
        const contentType = request.header("content-type");
        (0,providers/* requireFormat */.ZB)(provider, contentType);
        const header = (name) => request.header(name);
        const scheme = provider.scheme({ tokenHeader: config.dejacodeHeader });
        const verification = await scheme.verify(body, header, secrets, {
            now: now(),
            toleranceSeconds: config.replayWindowSeconds,
        });
        if (!verification.valid)
            throw new RelayFailure(401, `signature-${verification.reason}`, verification.message);
        // Parsing only starts on verified bytes: nothing an unsigned sender writes reaches zod.
        const event = await provider.identify({ body, contentType, header });
        facts.event = event.event;
        facts.id = event.id;
        if (provider.bodyTimestamp &&
            event.timestamp !== undefined &&
            Math.abs(now() - event.timestamp) > config.replayWindowSeconds * 1000) {
            throw new errors/* HookbridgeError */.ZP("StaleTimestamp", `The body's timestamp is more than ${config.replayWindowSeconds} seconds away from the relay's clock, so the delivery is refused as a possible replay.`);
        }
        const handshake = provider.handshake?.(event.json);
        if (handshake !== undefined)
            return { answer: jsonAnswer(200, handshake), reason: "handshake" };
        if (!eventAllowed(config, provider.name, event.event)) {
            const name = `${provider.name}.${event.event}`;
            return {
                answer: jsonAnswer(202, {
                    skipped: true,
                    event: name,
                    message: `${name} is not in HOOKBRIDGE_EVENTS, so it was not dispatched.`,
                }),
                reason: "not-allowed",
            };
        }
        // The one repository this event may go to, or why it goes nowhere.
        const route = routeOf(event.repository);
        if ("ignored" in route) {
            facts.ignored = route.ignored;
            return { answer: jsonAnswer(202, { ignored: route.ignored }), reason: "filtered" };
        }
        facts.repository = route.repository;
        // Keyed by event as well: two different events are never copies of each other, even when a
        // provider's samples reuse one id across event types. An id the signature does not cover
        // (GitHub's X-GitHub-Delivery) is backed by a digest of the signed bytes, or anyone could
        // replay a captured body under fresh ids; that key leaves out the event, which GitHub also
        // names in an unsigned header.
        // Providers without delivery ids (DejaCode) never retry, so identical bodies are separate
        // notifications rather than copies.
        const key = `${provider.name}\n${event.event}\n`;
        const claim = event.deduplicate === false
            ? undefined
            : event.bodyDigest === undefined
                ? memory.claim(key + event.id)
                : memory.claim(key + event.id, `${provider.name}\nbody:${event.bodyDigest}`);
        if (claim?.state === "seen")
            return { answer: jsonAnswer(200, { duplicate: true }), reason: "duplicate" };
        if (claim?.state === "in-flight") {
            throw new RelayFailure(503, "in-flight", "Another copy of this delivery is being dispatched right now; retry shortly and it will be answered as a duplicate.", { "retry-after": String(IN_FLIGHT_RETRY_AFTER) });
        }
        let dispatched = false;
        try {
            const envelope = {
                provider: provider.name,
                event: event.event,
                id: event.id,
                receivedAt: new Date(now()).toISOString(),
                body,
            };
            const headers = await forwardedHeaders({ provider, scheme, body, header, secrets });
            headers[ENVELOPE_SIGNATURE_HEADER] = await signEnvelope(envelope, secrets[0]);
            const encoded = await encodeDispatchJson({ ...envelope, headers });
            // Answer before the provider gives up, so a slow GitHub becomes a 503 the provider retries
            // rather than a timeout it may count against the endpoint. The budget runs from the
            // request's arrival; the dispatcher starts its timer only if it calls GitHub.
            await dispatch(encoded, route.repository, started + (deps.timeoutMs ?? provider.answerWithinMs ?? DEFAULT_TIMEOUT_MS));
            dispatched = true;
        }
        finally {
            // A failed dispatch is forgotten, so the provider's retry is dispatched rather than skipped.
            claim?.settle(dispatched);
        }
        return config.dryRun
            ? { answer: acceptedAnswer(), reason: "dry-run" }
            : { answer: acceptedAnswer() };
    }
    function route(request, facts, started) {
        let path = request.path;
        if (path.endsWith("/"))
            path = path.replace(/\/+$/, "");
        if (path === "/healthz")
            return health(request);
        const name = path.slice(1);
        const provider = (0,providers/* getProvider */.sO)(name);
        if (!provider) {
            throw new errors/* HookbridgeError */.ZP("UnknownProvider", `No provider is served at "/${name.slice(0, 40)}"; POST to one of ${signatures/* PROVIDER_NAMES */.xd.map((known) => `/${known}`).join(", ")}.`);
        }
        facts.provider = provider.name;
        if (request.method !== "POST") {
            throw new RelayFailure(405, "method-not-allowed", `Only POST is accepted at /${provider.name}.`, { allow: "POST" });
        }
        return receive(provider, request, facts, started);
    }
    return async function relay(request) {
        const started = performance.now();
        const facts = {};
        let outcome;
        let internal;
        try {
            outcome = await route(request, facts, started);
        }
        catch (error) {
            const failure = answerFailure(error);
            outcome = failure;
            internal = failure.internal;
        }
        const { answer, reason, quiet } = outcome;
        if (!quiet) {
            const { status } = answer;
            const entry = {
                level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
                msg: "request",
                ...facts,
                status,
                ms: Math.round(performance.now() - started),
            };
            if (reason !== undefined)
                entry.reason = reason;
            if (internal !== undefined)
                entry.error = internal;
            logger(entry);
        }
        return answer;
    };
}
/** The relay as a fetch handler, for Workers and for callers that hold a Web `Request`. */
function createRelay(config, deps = {}) {
    const core = createRelayCore(config, deps);
    return async (request) => {
        const answer = await core({
            method: request.method,
            path: new URL(request.url).pathname,
            header: (name) => request.headers.get(name),
            body: (limit) => readBody(request, limit),
        });
        return toResponse(answer);
    };
}

;// CONCATENATED MODULE: ./src/relay/node-adapter.ts


// Every route the relay serves looks like this; anything else goes through the WHATWG URL parser,
// so percent-escapes, dot segments and queries end up as they would in a Web `Request`.
const PLAIN_PATH = /^\/[a-z]*\/*$/;
const ORIGIN = "http://relay.invalid";
function pathOf(target) {
    if (PLAIN_PATH.test(target))
        return target;
    if (target.startsWith("/"))
        return URL.parse(`${ORIGIN}${target}`)?.pathname;
    if (target.startsWith("http://") || target.startsWith("https://"))
        return URL.parse(target)?.pathname;
    return undefined;
}
function bodyEndedEarly() {
    return new RelayFailure(400, "body-incomplete", "The connection closed before the request body was complete.");
}
/**
 * Reads `incoming` as `readBody` reads a Web stream: at most `limit` bytes are kept, and an
 * oversized body (declared or not) is read and thrown away up to DISCARD_LIMIT so the sender sees
 * the 413 rather than a reset. `onFlood` is called when even that limit is passed.
 */
function readIncoming(incoming, limit, onFlood) {
    return new Promise((resolve, reject) => {
        const declared = incoming.headers["content-length"];
        let discarding = declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
        let discardLeft = DISCARD_LIMIT;
        let chunks = [];
        let size = 0;
        const finish = () => {
            incoming.off("data", onData);
            incoming.off("end", onEnd);
            incoming.off("error", onAbort);
            incoming.off("close", onAbort);
        };
        function onData(chunk) {
            if (!discarding) {
                size += chunk.byteLength;
                if (size <= limit) {
                    chunks.push(chunk);
                    return;
                }
                discarding = true;
                chunks = [];
                return;
            }
            discardLeft -= chunk.byteLength;
            if (discardLeft <= 0) {
                finish();
                // The rest still drains (unread, uncounted) so the sender can take in the 413, and the
                // connection is closed once it is written.
                incoming.resume();
                onFlood();
                reject(tooLarge(limit));
            }
        }
        function onEnd() {
            finish();
            if (discarding) {
                reject(tooLarge(limit));
                return;
            }
            // A 5 KiB webhook usually arrives in one chunk, which is used as it is, without a copy.
            const joined = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
            resolve(new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength));
        }
        function onAbort() {
            finish();
            reject(bodyEndedEarly());
        }
        incoming.on("data", onData);
        incoming.on("end", onEnd);
        incoming.on("error", onAbort);
        incoming.on("close", onAbort);
    });
}
function send(outgoing, answer, close) {
    if (answer.body === null && !close) {
        outgoing.writeHead(answer.status, answer.headers);
        outgoing.end();
        return;
    }
    const headers = { ...answer.headers };
    if (answer.body !== null)
        headers["content-length"] = Buffer.byteLength(answer.body);
    if (close)
        headers.connection = "close";
    outgoing.writeHead(answer.status, headers);
    outgoing.end(answer.body ?? undefined);
}
/**
 * Serves a relay core from `node:http` directly: headers are read from `IncomingMessage`, the
 * body is read only when the relay asks for it, and the answer is written with `writeHead`, so
 * no Web `Request`, `Headers`, stream or `Response` is built per request.
 */
function nodeListener(core) {
    return (incoming, outgoing) => {
        const path = pathOf(incoming.url ?? "/");
        if (path === undefined) {
            send(outgoing, errorAnswer(400, "The request target is not a URL path."), false);
            return;
        }
        let flooded = false;
        const request = {
            method: incoming.method ?? "GET",
            path,
            header(name) {
                // Node lower-cases the names it stores; the relay asks in lower case too.
                const value = incoming.headers[name] ?? incoming.headers[name.toLowerCase()];
                if (value === undefined)
                    return null;
                return typeof value === "string" ? value : value.join(", ");
            },
            body: (limit) => readIncoming(incoming, limit, () => {
                flooded = true;
            }),
        };
        core(request)
            .then((answer) => send(outgoing, answer, flooded))
            .catch((error) => {
            // The relay answers its own failures; this only catches an answer Node refused to write.
            if (outgoing.headersSent)
                outgoing.destroy();
            else
                send(outgoing, answerFailure(error).answer, true);
        });
    };
}

;// CONCATENATED MODULE: ./src/relay/node-server.ts







/** In-flight requests get this long to finish after `close()`; the relay's own budget is 2.5 s. */
const DRAIN_MS = 10_000;
// Turning raw key bytes into a KeyObject costs more than the HMAC of a 5 KB body, and a relay
// sees the same few secrets forever.
const keyObjects = new Map();
function keyObject(key) {
    const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
    let cached = keyObjects.get(id);
    if (!cached) {
        if (keyObjects.size >= 64)
            keyObjects.clear();
        cached = (0,external_node_crypto_.createSecretKey)(key);
        keyObjects.set(id, cached);
    }
    return cached;
}
const nodeHmac = async (algorithm, key, data) => new Uint8Array((0,external_node_crypto_.createHmac)(algorithm === "SHA-1" ? "sha1" : "sha256", keyObject(key))
    .update(data)
    .digest());
function reachableHost(host) {
    if (host === "0.0.0.0")
        return "127.0.0.1";
    if (host === "::")
        return "[::1]";
    return host.includes(":") ? `[${host}]` : host;
}
function listen(server, port, host) {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
}
function drain(server) {
    return new Promise((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        force.unref();
        server.close((error) => {
            clearTimeout(force);
            if (error && error.code !== "ERR_SERVER_NOT_RUNNING")
                reject(error);
            else
                resolve();
        });
        server.closeIdleConnections();
    });
}
/**
 * Node's own defaults (a minute for headers, five for a request) let a client that trickles bytes
 * hold a connection for minutes; these close it within seconds. Node enforces both only when it
 * sweeps its connections, every 30 s by default, so the sweep runs at least once a second.
 */
function serverTimeouts(limits) {
    const headersTimeout = limits.headersTimeoutSeconds * 1000;
    return {
        headersTimeout,
        requestTimeout: limits.requestTimeoutSeconds * 1000,
        connectionsCheckingInterval: Math.min(1000, headersTimeout),
    };
}
/**
 * Serves the relay over HTTP on Node. Throws a `ConfigError` (one sentence per bad variable)
 * before listening when the environment is wrong.
 */
async function startNodeRelay(options) {
    // The relay's hot path is one HMAC per request; node:crypto does it without WebCrypto's
    // promise and key-import overhead.
    (0,core_hmac/* useHmac */.tR)(nodeHmac);
    const config = loadRelayConfig(options.env);
    const logger = options.logger ?? jsonLineLogger;
    const relay = createRelayCore(config, {
        logger,
        ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    // Repeated header fields are joined as `Headers.get` joins them (Node would otherwise keep only
    // the first Content-Type), so both hosts judge a request by the same values.
    const server = (0,external_node_http_.createServer)({ joinDuplicateHeaders: true, ...serverTimeouts(config.server) }, nodeListener(relay));
    server.keepAliveTimeout = config.server.keepAliveTimeoutSeconds * 1000;
    server.maxConnections = config.server.maxConnections;
    const host = options.host ?? "0.0.0.0";
    await listen(server, options.port ?? config.port, host);
    const { port } = server.address();
    const url = `http://${reachableHost(host)}:${port}`;
    logger({
        level: "info",
        msg: config.dryRun
            ? `relay listening on ${url} (dry run: nothing is dispatched)`
            : `relay listening on ${url}`,
        url,
        ...(config.repository ? { repository: config.repository } : {}),
    });
    let closing;
    return {
        url,
        close() {
            closing ??= drain(server);
            return closing;
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/relay.ts



const RELAY_OPTIONS = { port: { type: "string" }, host: { type: "string" } };
/** Why the relay could not listen, as one sentence with the fix; undefined when it is not ours. */
function listenProblem(error, host, port) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    switch (code) {
        case "EADDRINUSE":
            return `Port ${port} on ${host} is already in use (another relay?): stop that process, or choose another port with --port or PORT.`;
        case "EACCES":
            return `Port ${port} needs privileges this user lacks: choose a port above 1023 with --port or PORT, and put a proxy in front for 80/443.`;
        case "EADDRNOTAVAIL":
            return `${host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses with --host or HOST.`;
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return `--host ${host} does not resolve to an address: give an IP address or a name this machine knows.`;
        default:
            return undefined;
    }
}
/** `hookbridge relay`: serves the relay until SIGTERM or SIGINT, then drains in-flight requests. */
async function relay(args, _io) {
    const { values } = (0,external_node_util_.parseArgs)({ args, options: RELAY_OPTIONS });
    const port = Number(values.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new errors/* HookbridgeError */.ZP("BadRequest", "--port must be a whole number from 0 to 65535.");
    }
    // Every interface by default: the relay exists to be reached by providers, through a proxy or a
    // container runtime's port mapping, neither of which reaches a loopback-only listener.
    const host = values.host ?? process.env.HOST ?? "0.0.0.0";
    let server;
    try {
        server = await startNodeRelay({ env: process.env, port, host });
    }
    catch (error) {
        const problem = listenProblem(error, host, port);
        if (problem)
            throw new errors/* HookbridgeError */.ZP("ConfigError", problem, { cause: error });
        throw error;
    }
    await new Promise((resolve) => {
        const stop = () => resolve();
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
    });
    await server.close();
    return 0;
}


/***/ })

};
