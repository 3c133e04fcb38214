export const id = 447;
export const ids = [447];
export const modules = {

/***/ 9828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6856);



/** Retries a rate-limited request at most this many times before giving up. */
const RATE_LIMIT_RETRIES = 2;
/**
 * Waits at most this long for a rate limit to lift. A primary limit can take up to an hour to
 * reset; holding a runner that long costs more than failing with a clear message.
 */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;
/**
 * A limiter group that starts every job at once. The throttling plugin spaces writes 1 s apart
 * (3 s for those that notify people) for long-lived clients that could flood GitHub; this process
 * makes a handful of writes, one after another, and then exits, so that spacing only made each run
 * seconds longer. The plugin's other groups, and its handling of rate limits and secondary rate
 * limits (wait, retry, give up as `onLimit` decides), stay as they are.
 */
const unpaced = {
    key: () => ({
        schedule: (...args) => {
            const [first, ...rest] = args;
            // Bottleneck's schedule takes optional job options first, then the job and its arguments.
            const [job, ...jobArgs] = typeof first === "function" ? args : rest;
            return Promise.resolve().then(() => job(...jobArgs));
        },
    }),
};
/**
 * Octokit as `@actions/github` configures it (proxy support, user agent), plus retries on 5xx and
 * network errors and the throttling plugin's rate-limit handling, so no reaction needs a loop of
 * its own.
 */
function createGitHubClient(token, options) {
    const { logger } = options;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
        logger.warning(`GitHub's ${kind} limit stopped ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter} s` : "giving up"}.`);
        return again;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: options.baseUrl,
        log: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.debug(message),
            warn: (message) => logger.warning(message),
            error: (message) => logger.warning(message),
        },
        throttle: {
            onRateLimit: onLimit("rate"),
            onSecondaryRateLimit: onLimit("secondary rate"),
            write: unpaced,
            notifications: unpaced,
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
}


/***/ })

};
