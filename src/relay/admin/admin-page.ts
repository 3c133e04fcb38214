import { PROVIDER_NAMES } from "../../core/providers.ts";
import { DELIVERY_STATES } from "../queue/store.ts";
import { CSRF_HEADER } from "./admin-access.ts";

/**
 * The `/admin` page: one HTML document, one script and one style sheet, all served by the relay
 * (no CDN, so it works offline and behind a firewall) and no framework: a list, a detail view and
 * a few buttons are a few hundred lines of DOM code. Everything a payload or GitHub wrote is put
 * on the page with `textContent`, never as HTML.
 */

/** Scripts and styles only from the relay itself; nothing inline, no frames, no other hosts. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  // The empty data: icon keeps the browser from asking the relay for /favicon.ico.
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const options = (values: readonly string[]) =>
  values.map((value) => `<option value="${value}">${value}</option>`).join("");

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>hookbridge · deliveries</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/app.css">
<script src="/admin/app.js" defer></script>
</head>
<body>
<header>
<h1>hookbridge deliveries</h1>
<button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main>
<p id="status-line" role="status" aria-live="polite"></p>
<section id="sign-in" hidden aria-labelledby="sign-in-title">
<h2 id="sign-in-title">Sign in</h2>
<form id="sign-in-form">
<label for="token">Admin token (HOOKBRIDGE_ADMIN_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required minlength="32" spellcheck="false">
<button type="submit">Sign in</button>
</form>
</section>
<section id="log" hidden aria-labelledby="log-title">
<h2 id="log-title">Recent deliveries</h2>
<form id="filters">
<label for="filter-status">Status</label>
<select id="filter-status"><option value="">any</option>${options(DELIVERY_STATES)}</select>
<label for="filter-provider">Provider</label>
<select id="filter-provider"><option value="">any</option>${options(PROVIDER_NAMES)}</select>
<label class="inline"><input type="checkbox" id="auto-refresh" checked> Refresh every 5 s</label>
<button type="button" id="refresh">Refresh now</button>
</form>
<p class="hint">Newest first. Open a delivery to see its attempts and send it again.</p>
<div class="scroll" role="region" aria-labelledby="log-title" tabindex="0">
<table id="deliveries" aria-labelledby="log-title">
<thead><tr><th scope="col">Received</th><th scope="col">Status</th><th scope="col">Provider</th><th scope="col">Event</th><th scope="col">Attempts</th><th scope="col">Last error</th></tr></thead>
<tbody></tbody>
</table>
</div>
<p id="empty" hidden>No deliveries match these filters.</p>
</section>
<section id="detail" hidden aria-labelledby="detail-title">
<h2 id="detail-title" tabindex="-1">Delivery</h2>
<dl id="facts"></dl>
<div class="actions">
<button type="button" id="redeliver">Redeliver</button>
<button type="button" id="show-body">Show body</button>
<button type="button" id="back">Back to the list</button>
</div>
<h3 id="attempts-title">Attempts</h3>
<div class="scroll" role="region" aria-labelledby="attempts-title" tabindex="0">
<table id="attempts" aria-labelledby="attempts-title">
<thead><tr><th scope="col">Time</th><th scope="col">GitHub status</th><th scope="col">Duration</th><th scope="col">Error</th></tr></thead>
<tbody></tbody>
</table>
</div>
<p id="no-attempts" hidden>No attempt yet.</p>
<h3>What the workflow run did</h3>
<div class="scroll">
<table id="actions">
<thead><tr><th scope="col">Reaction</th><th scope="col">Target</th><th scope="col">Result</th></tr></thead>
<tbody></tbody>
</table>
</div>
<p id="no-report">No workflow run has reported on this delivery yet.</p>
<pre id="body" hidden tabindex="0" aria-label="Body as received"></pre>
</section>
</main>
</body>
</html>
`;

export const PAGE_CSS = `:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--accent:#0969da;--button:#0969da;--bad:#cf222e;--good:#1a7f37;--wait:#9a6700}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--accent:#4493f8;--button:#1f6feb;--bad:#f85149;--good:#3fb950;--wait:#d29922}}
[hidden]{display:none!important}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
h1{font-size:1.25rem;margin:0}
h2{font-size:1.1rem}
main{padding:0 1rem 2rem;max-width:72rem;margin:0 auto}
label{font-weight:600}
input,select,button{font:inherit;min-height:2.75rem;padding:.25rem .75rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
button{cursor:pointer;background:var(--button);color:#fff;border-color:var(--button)}
button:disabled{opacity:.5;cursor:not-allowed}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
#sign-in-form{display:grid;gap:.5rem;max-width:28rem}
#filters{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin-bottom:1rem}
label.inline{font-weight:400;display:flex;align-items:center;gap:.4rem}
label.inline input{min-height:auto}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
.hint{color:var(--muted)}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:middle}
td{overflow-wrap:break-word}
td:last-child{overflow-wrap:anywhere;min-width:12rem}
#deliveries td:nth-child(-n+4){white-space:nowrap}
td button.open{background:none;color:var(--accent);border:0;padding:0;min-height:2.75rem;text-decoration:underline;text-align:left}
.status{font-weight:600}
.status-failed{color:var(--bad)}
.status-dispatched,.status-handled{color:var(--good)}
.status-queued,.status-dispatching{color:var(--wait)}
#status-line{min-height:1.5rem;color:var(--muted)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);border-radius:6px;padding:.75rem;max-height:60vh;overflow:auto}
@media (max-width:40rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}th,td{padding:.3rem}}
`;

// Plain ES2020 for any current browser; no template literals, so this file can hold it as text.
export const PAGE_JS = `"use strict";
(function () {
  var CSRF_HEADER = "${CSRF_HEADER}";
  var REDELIVERABLE = ["failed", "dispatched", "handled", "superseded", "filtered"];
  var csrf = null;
  var timer = null;
  var current = null;
  var view = "sign-in";

  function el(id) { return document.getElementById(id); }
  function say(text) { el("status-line").textContent = text; }
  function errorOf(answer) {
    return (answer.data && typeof answer.data.error === "string") ? answer.data.error : "The relay answered " + answer.status + ".";
  }

  function api(method, path, body) {
    var headers = { accept: "application/json" };
    if (csrf && method !== "GET") headers[CSRF_HEADER] = csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (error) { data = null; }
        if (response.status === 401 && path.indexOf("/admin/session") !== 0) signedOut("Your session ended: sign in again.");
        return { status: response.status, data: data };
      });
    });
  }

  function show(which) {
    view = which;
    ["sign-in", "log", "detail"].forEach(function (id) { el(id).hidden = id !== which; });
    el("sign-out").hidden = which === "sign-in";
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : "\\u2014"; }

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function listQuery() {
    var params = new URLSearchParams();
    var status = el("filter-status").value;
    var provider = el("filter-provider").value;
    if (status) params.set("status", status);
    if (provider) params.set("provider", provider);
    params.set("limit", "50");
    return params.toString();
  }

  function renderList(deliveries) {
    var tbody = el("deliveries").tBodies[0];
    var rows = deliveries.map(function (delivery) {
      var row = document.createElement("tr");
      row.setAttribute("data-id", delivery.id);
      var first = document.createElement("td");
      var open = document.createElement("button");
      open.type = "button";
      open.className = "open";
      open.textContent = when(delivery.received_at);
      // The visible time first, so a voice command naming it reaches the button (WCAG 2.5.3).
      open.setAttribute("aria-label", open.textContent + ": open delivery " + delivery.id + ", " + delivery.status);
      open.addEventListener("click", function () { openDelivery(delivery.id); });
      first.appendChild(open);
      row.appendChild(first);
      // Status second, so a phone shows it without scrolling the table.
      cell(row, delivery.status, "status status-" + delivery.status);
      cell(row, delivery.provider);
      cell(row, delivery.event);
      cell(row, String(delivery.attempts));
      cell(row, delivery.last_error || "");
      return row;
    });
    tbody.replaceChildren.apply(tbody, rows);
    el("empty").hidden = deliveries.length > 0;
  }

  function loadList() {
    return api("GET", "/deliveries?" + listQuery()).then(function (answer) {
      if (answer.status === 200) renderList(answer.data.deliveries);
      else if (answer.status !== 401) say(errorOf(answer));
    }, function () { say("The relay did not answer; the list will try again."); });
  }

  function fact(list, name, value) {
    var dt = document.createElement("dt");
    dt.textContent = name;
    var dd = document.createElement("dd");
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
    return dd;
  }

  // Only http(s) pages become links; the relay checked them too, when it took the report.
  function linkTo(url, text) {
    if (typeof url !== "string" || !/^https?:\\/\\//.test(url)) return document.createTextNode(text);
    var a = document.createElement("a");
    a.href = url;
    a.rel = "noopener noreferrer";
    a.textContent = text;
    return a;
  }

  function renderReport(report) {
    var tbody = el("actions").tBodies[0];
    var rows = (report ? report.actions : []).map(function (action) {
      var row = document.createElement("tr");
      cell(row, action.reaction);
      var target = cell(row, "");
      target.appendChild(action.url ? linkTo(action.url, action.target) : document.createTextNode(action.target));
      cell(row, action.result);
      return row;
    });
    tbody.replaceChildren.apply(tbody, rows);
    el("actions").hidden = rows.length === 0;
    el("no-report").hidden = report !== null;
  }

  function renderDetail(delivery) {
    var facts = el("facts");
    facts.replaceChildren();
    fact(facts, "Id", delivery.id);
    fact(facts, "Status", delivery.status).className = "status status-" + delivery.status;
    fact(facts, "Provider", delivery.provider);
    fact(facts, "Event", delivery.event);
    fact(facts, "Repository", delivery.repository || "\\u2014");
    fact(facts, "Provider's delivery id", delivery.delivery_id);
    fact(facts, "Received", when(delivery.received_at));
    fact(facts, "Dispatched", when(delivery.dispatched_at));
    fact(facts, "Attempts", String(delivery.attempts));
    fact(facts, "GitHub's last status", delivery.last_status === null ? "\\u2014" : String(delivery.last_status));
    fact(facts, "Last error", delivery.last_error || "\\u2014");
    var run = fact(facts, "Workflow run", delivery.run_url ? "" : "\\u2014");
    if (delivery.run_url) run.appendChild(linkTo(delivery.run_url, delivery.run_url));
    fact(facts, "Outcome", delivery.conclusion ? delivery.conclusion + ", reported " + when(delivery.reported_at) : "\\u2014");
    renderReport(delivery.report || null);
    var tbody = el("attempts").tBodies[0];
    var rows = delivery.attempt_history.map(function (attempt) {
      var row = document.createElement("tr");
      cell(row, when(attempt.at));
      cell(row, attempt.status === null ? "no answer" : String(attempt.status));
      cell(row, attempt.duration_ms + " ms");
      cell(row, attempt.error || "");
      return row;
    });
    tbody.replaceChildren.apply(tbody, rows);
    el("no-attempts").hidden = rows.length > 0;
    el("redeliver").disabled = REDELIVERABLE.indexOf(delivery.status) < 0;
  }

  function loadDetail() {
    if (current === null) return Promise.resolve();
    return api("GET", "/deliveries/" + encodeURIComponent(current)).then(function (answer) {
      if (answer.status === 200) renderDetail(answer.data);
      else if (answer.status !== 401) say(errorOf(answer));
      return answer.status;
    }, function () { say("The relay did not answer; the delivery will be read again."); });
  }

  function openDelivery(id) {
    current = id;
    el("body").hidden = true;
    el("body").textContent = "";
    el("show-body").disabled = false;
    return loadDetail().then(function (status) {
      if (status !== 200) return;
      show("detail");
      el("detail-title").focus();
    });
  }

  function refresh() {
    if (document.hidden) return;
    if (view === "log") loadList();
    else if (view === "detail") loadDetail();
  }

  function schedule() {
    if (timer !== null) clearInterval(timer);
    timer = el("auto-refresh").checked ? setInterval(refresh, 5000) : null;
  }

  function signedIn(session) {
    csrf = session.csrf;
    show("log");
    loadList();
    schedule();
  }

  function signedOut(message) {
    csrf = null;
    current = null;
    if (timer !== null) clearInterval(timer);
    timer = null;
    show("sign-in");
    if (message) say(message);
    el("token").focus();
  }

  el("sign-in-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = el("token");
    api("POST", "/admin/session", { token: input.value }).then(function (answer) {
      input.value = "";
      if (answer.status === 200) { say("Signed in."); signedIn(answer.data); }
      else if (answer.status === 401) say("That is not the relay's admin token: paste the value of HOOKBRIDGE_ADMIN_TOKEN.");
      else say(errorOf(answer));
    }, function () { say("The relay did not answer; try again."); });
  });

  el("sign-out").addEventListener("click", function () {
    api("DELETE", "/admin/session").then(function () { signedOut("Signed out."); });
  });
  el("filter-status").addEventListener("change", loadList);
  el("filter-provider").addEventListener("change", loadList);
  el("refresh").addEventListener("click", refresh);
  el("auto-refresh").addEventListener("change", schedule);
  el("back").addEventListener("click", function () {
    current = null;
    show("log");
    loadList();
  });

  el("redeliver").addEventListener("click", function () {
    var id = current;
    if (id === null) return;
    el("redeliver").disabled = true;
    api("POST", "/deliveries/" + encodeURIComponent(id) + "/redeliver").then(function (answer) {
      if (answer.status === 202) say("Queued again: the relay dispatches it shortly.");
      else say(errorOf(answer));
      return loadDetail();
    }, function () { say("The relay did not answer; nothing was queued."); el("redeliver").disabled = false; });
  });

  el("show-body").addEventListener("click", function () {
    if (current === null) return;
    api("GET", "/deliveries/" + encodeURIComponent(current) + "?body=1").then(function (answer) {
      if (answer.status !== 200) { say(errorOf(answer)); return; }
      var pre = el("body");
      pre.textContent = answer.data.body;
      pre.hidden = false;
      el("show-body").disabled = true;
    });
  });

  api("GET", "/admin/session").then(function (answer) {
    if (answer.status === 200) signedIn(answer.data);
    else signedOut("");
  }, function () { signedOut("The relay did not answer; reload the page to try again."); });
})();
`;
