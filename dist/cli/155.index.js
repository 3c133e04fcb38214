export const id = 155;
export const ids = [155];
export const modules = {

/***/ 155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   demo: () => (/* binding */ demo)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _scripts_check_node_cjs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(819);
/* harmony import */ var _scripts_check_node_cjs__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(_scripts_check_node_cjs__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(296);






/** `hookbridge demo`: runs the local end-to-end demo that ships with a clone of the repository. */
async function demo(args, _io) {
    // Both src/cli/ and dist/cli/ sit two levels below the repository root. The path is joined at
    // run time so the bundler does not mistake the demo for an asset to copy into the bundle.
    const parts = ["..", "..", "demo", "index.ts"];
    const script = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url)), ...parts);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(script)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .HookbridgeError */ .ZP("ConfigError", "The demo runs from a clone of the hookbridge repository: git clone it, then npm ci && npm run demo.");
    }
    // The demo is TypeScript run by Node itself, which an older Node refuses with a cryptic error.
    const tooOld = _scripts_check_node_cjs__WEBPACK_IMPORTED_MODULE_4___default().nodeVersionProblem(process.version);
    if (tooOld)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .HookbridgeError */ .ZP("ConfigError", tooOld);
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [script, ...args], { stdio: "inherit" });
    return await new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}


/***/ }),

/***/ 819:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

/* module decorator */ module = __webpack_require__.nmd(module);
// Runs before `npm run demo` on whatever Node the machine has, so it is plain
// CommonJS with no syntax newer than Node 6: an old Node gets one sentence instead of
// ERR_UNKNOWN_FILE_EXTENSION from the TypeScript the demo runs.


const REQUIRED_MAJOR = 24;

/** The sentence to print for a Node version older than hookbridge needs, or null when it is fine. */
function nodeVersionProblem(version) {
  const major = Number(String(version).replace(/^v/, "").split(".")[0]);
  if (major >= REQUIRED_MAJOR) return null;
  return (
    "hookbridge needs Node " +
    REQUIRED_MAJOR +
    " or newer (you have " +
    version +
    "): " +
    "install it with nvm, fnm or volta (nvm install 24); docs/local.md shows every way."
  );
}

module.exports = { nodeVersionProblem: nodeVersionProblem, REQUIRED_MAJOR: REQUIRED_MAJOR };

if (__webpack_require__.c[__webpack_require__.s] === module) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}


/***/ })

};
