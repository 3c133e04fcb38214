import{a as $}from"./chunk-7WGMWIUY.js";import{a as R,b as G,c as f,d as b}from"./chunk-UVOBSOJ6.js";import"./chunk-QBT4WFFU.js";import{a as se}from"./chunk-AXEZTHEA.js";import{K as E,L as P,z as oe}from"./chunk-DILMA6ZR.js";import{c as N}from"./chunk-3RNHDNP5.js";var Re=N(se());var p=N(oe(),1),A="hookbridge_admin",T="x-hookbridge-csrf",H=480*60,ae=64;function M(e){return(0,p.createHash)("sha256").update(e,"utf8").digest()}function B(e,t){return(0,p.timingSafeEqual)(M(e),M(t))}function de(e,t){if(e!==null)for(let i of e.split(";")){let o=i.indexOf("=");if(o>0&&i.slice(0,o).trim()===t)return i.slice(o+1).trim()}}function D(e){return e.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase()==="https"}function _(e){let t=e.header("origin");if(t===null)return!1;let i=URL.parse(t)?.host;return i?[e.header("host"),e.header("x-forwarded-host")?.split(",")[0]?.trim()].some(l=>l!=null&&l===i):!1}var S=class{#n;#t;#e=new Map;constructor(t,i){this.#n=t,this.#t=i}tokenMatches(t){return B(t,this.#n)}caller(t){let i=t.header("authorization");if(i!==null){let l=/^Bearer\s+(\S+)\s*$/i.exec(i);return l?.[1]!==void 0&&this.tokenMatches(l[1])?{kind:"bearer"}:{kind:"none"}}let o=this.session(t);return o?{kind:"session",session:o}:{kind:"none"}}session(t){let i=de(t.header("cookie"),A);if(i===void 0)return;let o=this.#e.get(i);if(o){if(o.expiresAt<=this.#t()){this.#e.delete(i);return}return o}}csrfMatches(t,i){let o=t.header(T);return o!==null&&B(o,i.csrf)}open(){let t=this.#t();for(let[o,l]of this.#e)l.expiresAt<=t&&this.#e.delete(o);for(;this.#e.size>=ae;){let o=this.#e.keys().next().value;if(o===void 0)break;this.#e.delete(o)}let i={id:(0,p.randomBytes)(32).toString("base64url"),csrf:(0,p.randomBytes)(32).toString("base64url"),expiresAt:t+H*1e3};return this.#e.set(i.id,i),i}close(t){this.#e.delete(t.id)}};function L(e,t){let i=["Path=/","HttpOnly","SameSite=Strict",...t?["Secure"]:[]];return e?[`${A}=${e.id}`,`Max-Age=${H}`,...i].join("; "):[`${A}=`,"Max-Age=0",...i].join("; ")}var j=["default-src 'none'","script-src 'self'","style-src 'self'","connect-src 'self'","img-src 'self' data:","base-uri 'none'","form-action 'self'","frame-ancestors 'none'"].join("; "),U=e=>e.map(t=>`<option value="${t}">${t}</option>`).join(""),F=`<!doctype html>
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
<select id="filter-status"><option value="">any</option>${U(b)}</select>
<label for="filter-provider">Provider</label>
<select id="filter-provider"><option value="">any</option>${U(E)}</select>
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
.status-dispatched{color:var(--good)}
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
  var REDELIVERABLE = ["failed", "dispatched", "superseded", "filtered"];
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
`;var le=100,ce=50,J=200,ue=4096,fe=["failed","dispatched","superseded","filtered"],c={"x-hookbridge-admin":"1","cache-control":"no-store","x-content-type-options":"nosniff","referrer-policy":"no-referrer","x-frame-options":"DENY"},Y=f(401,"Unauthorized.",{...c,"www-authenticate":'Bearer realm="hookbridge"'});function x(e,t,i,o={}){return{status:e,headers:{...c,...o,"content-type":i},body:t}}function h(e,t,i={}){return G(e,t,{...c,...i})}function v(e,t){throw new R(405,"method-not-allowed",`Only ${t} is accepted at ${e}.`,{allow:t})}function y(e){throw new R(400,"bad-query",e)}var w=e=>e===null?null:new Date(e).toISOString();function K(e){return{id:e.id,provider:e.provider,event:e.event,status:e.state,repository:e.repository,delivery_id:e.deliveryId,received_at:w(e.receivedAt),attempts:e.attempts,last_status:e.lastStatus,last_error:e.lastError,dispatched_at:w(e.dispatchedAt),related_id:e.relatedId}}var me={s:1,m:60,h:3600,d:86400};function pe(e,t){let i=/^(\d+)([smhd])$/.exec(e);if(i)return t-Number(i[1])*(me[i[2]??"s"]??1)*1e3;let o=/^\d{4}-\d{2}-\d{2}/.test(e)?Date.parse(e):Number.NaN;return Number.isNaN(o)&&y("since must be an ISO 8601 time such as 2026-05-01T12:00:00Z, or a duration such as 30m, 24h or 7d."),o}function q(e){let t=e.get("status")||void 0;t!==void 0&&!b.includes(t)&&y(`status must be one of ${b.join(", ")}.`);let i=e.get("provider")||void 0;i!==void 0&&!P(i)&&y(`provider must be one of ${E.join(", ")}.`);let o=e.get("event")||void 0;return o!==void 0&&o.length>100&&y("event must be an event name of at most 100 characters."),{...t!==void 0?{state:t}:{},...i!==void 0?{provider:i}:{},...o!==void 0?{event:o}:{}}}function he(e){if(e===null||e==="")return ce;let t=Number(e);return(!/^\d+$/.test(e)||t<1||t>J)&&y(`limit must be a whole number from 1 to ${J}.`),t}function ye(e){if(!(e===null||e===""))return/^\d{1,15}$/.test(e)||y("cursor must be the value of next from the previous page."),Number(e)}function Le(e){let{store:t,now:i,logger:o}=e,l=new S(e.token,i);function g(r,n,s){return o({level:"warn",msg:"admin request refused",method:r.method,path:n,why:s}),Y}function Q(r){let n=new URLSearchParams(r.search()),s=q(n),a=he(n.get("limit")),d=ye(n.get("cursor")),u=n.get("since"),m=t.list({...s,...d!==void 0?{before:d}:{},...u?{since:pe(u,i())}:{},limit:a+1}),I=m.slice(0,a),C=I.at(-1);return h(200,{deliveries:I.map(K),next:m.length>a&&C?String(C.seq):null})}function X(r,n){let s=t.get(n);if(!s)return O(n);let a=new URLSearchParams(r.search()).get("body")==="1";return h(200,{...K(s),attempt_history:t.attempts(n).map(d=>({at:w(d.at),status:d.status,duration_ms:d.durationMs,error:d.error})),...a?{body:new TextDecoder().decode(t.body(n))}:{}})}function O(r){return f(404,`No delivery has the id "${r.slice(0,64)}"; list them with GET /deliveries.`,c)}function W(r){let n=t.get(r);if(!n)return O(r);if(!fe.includes(n.state)){let s=n.state==="duplicate"?`it is a copy of ${n.relatedId??"another delivery"}; redeliver that one.`:"it is already waiting to be dispatched.";return f(409,`Delivery ${r} is ${n.state}, so it was not queued again: ${s}`,c)}return t.redeliver(r,i())?(e.wake(),o({level:"info",msg:"redelivery queued",delivery:r,provider:n.provider,event:n.event}),h(202,{queued:!0,id:r})):f(409,`Delivery ${r} changed state; try again.`,c)}function Z(r){let n=new URLSearchParams(r.search()),s=q(n);s.state!=="failed"&&y("Bulk redelivery takes status=failed; redeliver other deliveries one by one.");let a=t.list({...s,limit:le}),d=t.redeliverMany(a.map(m=>m.id),i());d.length>0&&e.wake();let u=t.list({...s,limit:1}).length>0;return o({level:"info",msg:"failed deliveries queued again",count:d.length,more:u}),h(202,{redelivered:d.length,ids:d,more:u})}function ee(){return x(200,e.metrics.render(t.stats(i())),$)}function k(r,n){return n.kind!=="session"?!0:_(r)&&l.csrfMatches(r,n.session)}async function te(r,n){if(!_(r))return g(r,n,"origin");let s=await r.body(ue),a;try{a=JSON.parse(new TextDecoder().decode(s))?.token}catch{a=void 0}if(typeof a!="string"||!l.tokenMatches(a.trim()))return g(r,n,"token");let d=l.open();return o({level:"info",msg:"admin page signed in"}),h(200,{csrf:d.csrf,expires_at:w(d.expiresAt)},{"set-cookie":L(d,D(r))})}async function ne(r,n){switch(r.method){case"POST":return te(r,n);case"GET":{let s=l.session(r);return s?h(200,{csrf:s.csrf,expires_at:w(s.expiresAt)}):Y}case"DELETE":{let s=l.session(r);return!s||!k(r,{kind:"session",session:s})?g(r,n,"session"):(l.close(s),h(200,{signed_out:!0},{"set-cookie":L(void 0,D(r))}))}default:v(n,"GET, POST, DELETE")}}function re(r,n){let s=n==="/admin"?x(200,F,"text/html; charset=utf-8",{"content-security-policy":j}):n==="/admin/app.js"?x(200,z,"text/javascript; charset=utf-8"):n==="/admin/app.css"?x(200,V,"text/css; charset=utf-8"):void 0;return s&&r.method!=="GET"&&r.method!=="HEAD"&&v(n,"GET, HEAD"),s}function ie(r,n,s){let{method:a}=r;if(n==="/metrics")return a!=="GET"&&v(n,"GET"),ee();if(n==="/deliveries")return a!=="GET"&&v(n,"GET"),Q(r);let d=n.slice(12);if(d==="redeliver"&&a==="POST")return k(r,s)?Z(r):g(r,n,"csrf");let u=/^([^/]+)(\/redeliver)?$/.exec(d);if(!u?.[1])return f(404,"No admin route is served at this path.",c);let m=decodeURIComponent(u[1]);return u[2]?(a!=="POST"&&v(n,"POST"),k(r,s)?W(m):g(r,n,"csrf")):(a!=="GET"&&v(n,"GET"),X(r,m))}return async function(n,s){try{if(s==="/admin/session")return await ne(n,s);if(s==="/admin"||s.startsWith("/admin/"))return re(n,s)??f(404,"No admin page is served at this path.",c);let a=l.caller(n);return a.kind==="none"?g(n,s,"token"):ie(n,s,a)}catch(a){if(a instanceof R)return f(a.status,a.message,{...c,...a.headers});if(a instanceof URIError)return f(400,"The delivery id in the path is not valid percent-encoding.",c);throw a}}}export{le as REDELIVER_BATCH,Le as createAdminRoutes,K as deliveryJson};
