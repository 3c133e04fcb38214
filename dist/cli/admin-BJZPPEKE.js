import{a as $}from"./chunk-DZRMDR76.js";import{a as E,b as G,c as p,d as w}from"./chunk-34JGGLGM.js";import"./chunk-ONSYCGAI.js";import{A as k,F as I,W as b,X as P}from"./chunk-75LDLYBO.js";import{b as se,c as oe}from"./chunk-TVFIWPKH.js";var Se=se(oe(),1);var A="hookbridge_admin",T="x-hookbridge-csrf",U=480*60,ae=64;function M(e,t){let n=k(e),s=k(t),d=n.length^s.length;for(let c=0;c<n.length;c++)d|=n[c]^(s[c%Math.max(1,s.length)]??0);return d===0}function B(){let e=crypto.getRandomValues(new Uint8Array(32));return I(e).replace(/\+/g,"-").replace(/\//g,"_").replace(/=+$/,"")}function de(e,t){if(e!==null)for(let n of e.split(";")){let s=n.indexOf("=");if(s>0&&n.slice(0,s).trim()===t)return n.slice(s+1).trim()}}function _(e){return e.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase()==="https"}function D(e){let t=e.header("origin");if(t===null)return!1;let n=URL.parse(t)?.host;return n?[e.header("host"),e.header("x-forwarded-host")?.split(",")[0]?.trim()].some(d=>d!=null&&d===n):!1}var R=class{#r;#t;#e=new Map;constructor(t,n){this.#r=t,this.#t=n}tokenMatches(t){return M(t,this.#r)}caller(t){let n=t.header("authorization");if(n!==null){let d=/^Bearer\s+(\S+)\s*$/i.exec(n);return d?.[1]!==void 0&&this.tokenMatches(d[1])?{kind:"bearer"}:{kind:"none"}}let s=this.session(t);return s?{kind:"session",session:s}:{kind:"none"}}session(t){let n=de(t.header("cookie"),A);if(n===void 0)return;let s=this.#e.get(n);if(s){if(s.expiresAt<=this.#t()){this.#e.delete(n);return}return s}}csrfMatches(t,n){let s=t.header(T);return s!==null&&M(s,n.csrf)}open(){let t=this.#t();for(let[s,d]of this.#e)d.expiresAt<=t&&this.#e.delete(s);for(;this.#e.size>=ae;){let s=this.#e.keys().next().value;if(s===void 0)break;this.#e.delete(s)}let n={id:B(),csrf:B(),expiresAt:t+U*1e3};return this.#e.set(n.id,n),n}close(t){this.#e.delete(t.id)}};function O(e,t){let n=["Path=/","HttpOnly","SameSite=Strict",...t?["Secure"]:[]];return e?[`${A}=${e.id}`,`Max-Age=${U}`,...n].join("; "):[`${A}=`,"Max-Age=0",...n].join("; ")}var j=["default-src 'none'","script-src 'self'","style-src 'self'","connect-src 'self'","img-src 'self' data:","base-uri 'none'","form-action 'self'","frame-ancestors 'none'"].join("; "),H=e=>e.map(t=>`<option value="${t}">${t}</option>`).join(""),F=`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>hookbridge \xB7 deliveries</title>
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
<select id="filter-status"><option value="">any</option>${H(w)}</select>
<label for="filter-provider">Provider</label>
<select id="filter-provider"><option value="">any</option>${H(b)}</select>
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
`,V=`:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--accent:#0969da;--button:#0969da;--bad:#cf222e;--good:#1a7f37;--wait:#9a6700}
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
`,z=`"use strict";
(function () {
  var CSRF_HEADER = "${T}";
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
`;var le=100,ce=50,J=200,ue=4096,fe=["failed","dispatched","handled","superseded","filtered"],u={"x-hookbridge-admin":"1","cache-control":"no-store","x-content-type-options":"nosniff","referrer-policy":"no-referrer","x-frame-options":"DENY"},Y=p(401,"Unauthorized.",{...u,"www-authenticate":'Bearer realm="hookbridge"'});function x(e,t,n,s={}){return{status:e,headers:{...u,...s,"content-type":n},body:t}}function m(e,t,n={}){return G(e,t,{...u,...n})}function v(e,t){throw new E(405,"method-not-allowed",`Only ${t} is accepted at ${e}.`,{allow:t})}function y(e){throw new E(400,"bad-query",e)}var g=e=>e===null?null:new Date(e).toISOString();function K(e){return{id:e.id,provider:e.provider,event:e.event,status:e.state,repository:e.repository,delivery_id:e.deliveryId,received_at:g(e.receivedAt),attempts:e.attempts,last_status:e.lastStatus,last_error:e.lastError,dispatched_at:g(e.dispatchedAt),related_id:e.relatedId,run_id:e.report?Number(e.report.run.id)||null:e.run?.id??null,run_url:e.report?.run.url??e.run?.url??null,conclusion:e.report?.conclusion??null,reported_at:g(e.reportedAt)}}function pe(e){let{report:t}=e;return t?{run:t.run,conclusion:t.conclusion,signed_at:g(t.signedAt*1e3),actions:t.actions,failures:t.failures}:null}var he={s:1,m:60,h:3600,d:86400};function me(e,t){let n=/^(\d+)([smhd])$/.exec(e);if(n)return t-Number(n[1])*(he[n[2]??"s"]??1)*1e3;let s=/^\d{4}-\d{2}-\d{2}/.test(e)?Date.parse(e):Number.NaN;return Number.isNaN(s)&&y("since must be an ISO 8601 time such as 2026-05-01T12:00:00Z, or a duration such as 30m, 24h or 7d."),s}function Q(e){let t=e.get("status")||void 0;t!==void 0&&!w.includes(t)&&y(`status must be one of ${w.join(", ")}.`);let n=e.get("provider")||void 0;n!==void 0&&!P(n)&&y(`provider must be one of ${b.join(", ")}.`);let s=e.get("event")||void 0;return s!==void 0&&s.length>100&&y("event must be an event name of at most 100 characters."),{...t!==void 0?{state:t}:{},...n!==void 0?{provider:n}:{},...s!==void 0?{event:s}:{}}}function ye(e){if(e===null||e==="")return ce;let t=Number(e);return(!/^\d+$/.test(e)||t<1||t>J)&&y(`limit must be a whole number from 1 to ${J}.`),t}function ge(e){if(!(e===null||e===""))return/^\d{1,15}$/.test(e)||y("cursor must be the value of next from the previous page."),Number(e)}function Le(e){let{store:t,now:n,logger:s}=e,d=new R(e.token,n);function c(i,r,o){return s({level:"warn",msg:"admin request refused",method:i.method,path:r,why:o}),Y}function W(i){let r=new URLSearchParams(i.search()),o=Q(r),a=ye(r.get("limit")),l=ge(r.get("cursor")),f=r.get("since"),h=t.list({...o,...l!==void 0?{before:l}:{},...f?{since:me(f,n())}:{},limit:a+1}),L=h.slice(0,a),N=L.at(-1);return m(200,{deliveries:L.map(K),next:h.length>a&&N?String(N.seq):null})}function q(i,r){let o=t.get(r);if(!o)return C(r);let a=new URLSearchParams(i.search()).get("body")==="1";return m(200,{...K(o),attempt_history:t.attempts(r).map(l=>({at:g(l.at),status:l.status,duration_ms:l.durationMs,error:l.error})),report:pe(o),...a?{body:new TextDecoder().decode(t.body(r))}:{}})}function C(i){return p(404,`No delivery has the id "${i.slice(0,64)}"; list them with GET /deliveries.`,u)}function X(i){let r=t.get(i);if(!r)return C(i);if(!fe.includes(r.state)){let o=r.state==="duplicate"?`it is a copy of ${r.relatedId??"another delivery"}; redeliver that one.`:"it is already waiting to be dispatched.";return p(409,`Delivery ${i} is ${r.state}, so it was not queued again: ${o}`,u)}return t.redeliver(i,n())?(e.wake(),s({level:"info",msg:"redelivery queued",delivery:i,provider:r.provider,event:r.event}),m(202,{queued:!0,id:i})):p(409,`Delivery ${i} changed state; try again.`,u)}function Z(i){let r=new URLSearchParams(i.search()),o=Q(r);o.state!=="failed"&&y("Bulk redelivery takes status=failed; redeliver other deliveries one by one.");let a=t.list({...o,limit:le}),l=t.redeliverMany(a.map(h=>h.id),n());l.length>0&&e.wake();let f=t.list({...o,limit:1}).length>0;return s({level:"info",msg:"failed deliveries queued again",count:l.length,more:f}),m(202,{redelivered:l.length,ids:l,more:f})}function ee(){return x(200,e.metrics.render(t.stats(n())),$)}function S(i,r){return r.kind!=="session"?!0:D(i)&&d.csrfMatches(i,r.session)}async function te(i,r){if(!D(i))return c(i,r,"origin");let o=await i.body(ue),a;try{a=JSON.parse(new TextDecoder().decode(o))?.token}catch{a=void 0}if(typeof a!="string"||!d.tokenMatches(a.trim()))return c(i,r,"token");let l=d.open();return s({level:"info",msg:"admin page signed in"}),m(200,{csrf:l.csrf,expires_at:g(l.expiresAt)},{"set-cookie":O(l,_(i))})}async function re(i,r){switch(i.method){case"POST":return te(i,r);case"GET":{let o=d.session(i);return o?m(200,{csrf:o.csrf,expires_at:g(o.expiresAt)}):Y}case"DELETE":{let o=d.session(i);return!o||!S(i,{kind:"session",session:o})?c(i,r,"session"):(d.close(o),m(200,{signed_out:!0},{"set-cookie":O(void 0,_(i))}))}default:v(r,"GET, POST, DELETE")}}function ne(i,r){let o=r==="/admin"?x(200,F,"text/html; charset=utf-8",{"content-security-policy":j}):r==="/admin/app.js"?x(200,z,"text/javascript; charset=utf-8"):r==="/admin/app.css"?x(200,V,"text/css; charset=utf-8"):void 0;return o&&i.method!=="GET"&&i.method!=="HEAD"&&v(r,"GET, HEAD"),o}function ie(i,r,o){let{method:a}=i;if(r==="/metrics")return a!=="GET"&&v(r,"GET"),ee();if(r==="/deliveries")return a!=="GET"&&v(r,"GET"),W(i);let l=r.slice(12);if(l==="redeliver"&&a==="POST")return S(i,o)?Z(i):c(i,r,"csrf");let f=/^([^/]+)(\/redeliver)?$/.exec(l);if(!f?.[1])return p(404,"No admin route is served at this path.",u);let h=decodeURIComponent(f[1]);return f[2]?(a!=="POST"&&v(r,"POST"),S(i,o)?X(h):c(i,r,"csrf")):(a!=="GET"&&v(r,"GET"),q(i,h))}return async function(r,o){try{if(o==="/admin/session")return await re(r,o);if(o==="/admin"||o.startsWith("/admin/"))return ne(r,o)??p(404,"No admin page is served at this path.",u);let a=d.caller(r);return a.kind==="none"?c(r,o,"token"):ie(r,o,a)}catch(a){if(a instanceof E)return p(a.status,a.message,{...u,...a.headers});if(a instanceof URIError)return p(400,"The delivery id in the path is not valid percent-encoding.",u);throw a}}}export{le as REDELIVER_BATCH,Le as createAdminRoutes,K as deliveryJson};
