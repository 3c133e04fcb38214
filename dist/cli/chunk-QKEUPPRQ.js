import{a as h,b as f}from"./chunk-PQHEZAEA.js";import{a as y,b as c}from"./chunk-OVKGALAB.js";import{c as E}from"./chunk-3RNHDNP5.js";var _="application/json",o=class extends Error{name="RelayFailure";status;reason;headers;constructor(e,t,n,i={}){super(n),this.status=e,this.reason=t,this.headers=i}};function R(r,e,t={}){return{status:r,headers:{...t,"content-type":_},body:JSON.stringify(e)}}function l(r,e,t={}){return R(r,{error:e},t)}function I(){return{status:204,headers:{},body:null}}function A(r){return r.replace(/([a-z])([A-Z])/g,"$1-$2").toLowerCase()}function L(r){if(r instanceof o)return{answer:l(r.status,r.message,{...r.headers}),reason:r.reason};if(c(r))return{answer:l(r.status,r.message),reason:A(r.name)};let e=r instanceof Error?`${r.name}: ${r.message}`:String(r);return{answer:l(500,"The relay failed unexpectedly; the cause is in its log."),reason:"internal",internal:e}}var m=E(f(),1),N=E(h(),1);import{DatabaseSync as g}from"node:sqlite";var U=["queued","dispatching","dispatched","failed","superseded","filtered","duplicate"],b=`
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  event TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  repository TEXT,
  state TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  dedupe_key TEXT UNIQUE,
  coalesce_key TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  dispatched_at INTEGER,
  finished_at INTEGER,
  related_id TEXT,
  redelivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_waiting ON deliveries (seq) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_coalesce ON deliveries (coalesce_key, seq) WHERE coalesce_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state, seq);
CREATE INDEX IF NOT EXISTS deliveries_by_provider ON deliveries (provider, event, seq);
CREATE INDEX IF NOT EXISTS deliveries_finished ON deliveries (finished_at) WHERE finished_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS attempts (
  delivery_seq INTEGER NOT NULL REFERENCES deliveries (seq) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  status INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by_delivery ON attempts (delivery_seq, at);
`,u=`seq, id, provider, event, delivery_id, repository, state, received_at, attempts,
  next_attempt_at, last_status, last_error, dispatched_at, finished_at, related_id, redelivered_at`;function p(r){return{seq:Number(r.seq),id:String(r.id),provider:String(r.provider),event:String(r.event),deliveryId:String(r.delivery_id),repository:r.repository===null?null:String(r.repository),state:String(r.state),receivedAt:Number(r.received_at),attempts:Number(r.attempts),nextAttemptAt:r.next_attempt_at===null?null:Number(r.next_attempt_at),lastStatus:r.last_status===null?null:Number(r.last_status),lastError:r.last_error===null?null:String(r.last_error),dispatchedAt:r.dispatched_at===null?null:Number(r.dispatched_at),finishedAt:r.finished_at===null?null:Number(r.finished_at),relatedId:r.related_id===null?null:String(r.related_id),redeliveredAt:r.redelivered_at===null||r.redelivered_at===void 0?null:Number(r.redelivered_at)}}var S="deliveries.sqlite",v=class r{#t;#e;static open(e){let t;try{(0,m.mkdirSync)(e,{recursive:!0}),t=new g((0,N.join)(e,S)),t.exec("PRAGMA journal_mode = WAL"),t.exec("PRAGMA synchronous = FULL"),t.exec("PRAGMA foreign_keys = ON"),t.exec("PRAGMA busy_timeout = 5000"),t.exec(b),t.prepare("PRAGMA table_info(deliveries)").all().some(i=>i.name==="redelivered_at")||t.exec("ALTER TABLE deliveries ADD COLUMN redelivered_at INTEGER")}catch(n){let i=n instanceof Error?n.message:String(n);throw new y("ConfigError",`HOOKBRIDGE_DATA_DIR "${e}" cannot hold the delivery queue (${i}); point it at a directory the relay can create and write, or set HOOKBRIDGE_DELIVERY=sync.`)}return new r(t)}constructor(e){this.#t=e,this.#e=this.prepare()}prepare(){let e=this.#t;return{findByDedupe:e.prepare("SELECT id FROM deliveries WHERE dedupe_key = ?"),insert:e.prepare(`INSERT INTO deliveries
        (id, provider, event, delivery_id, repository, state, received_at, headers, body,
         dedupe_key, coalesce_key, next_attempt_at, last_error, finished_at, related_id)
        VALUES ($id, $provider, $event, $deliveryId, $repository, $state, $receivedAt, $headers,
         $body, $dedupeKey, $coalesceKey, $nextAttemptAt, $lastError, $finishedAt, $relatedId)`),supersede:e.prepare(`UPDATE deliveries INDEXED BY deliveries_coalesce
        SET state = 'superseded', finished_at = $now,
        related_id = $by, next_attempt_at = NULL
        WHERE coalesce_key = $key AND state = 'queued' AND id <> $by`),claim:e.prepare(`UPDATE deliveries SET state = 'dispatching', attempts = attempts + 1
        WHERE seq = (SELECT seq FROM deliveries WHERE state = 'queued' ORDER BY seq LIMIT 1)
          AND next_attempt_at <= $now
        RETURNING ${u}, headers, body`),nextWake:e.prepare("SELECT next_attempt_at AS at FROM deliveries WHERE state = 'queued' ORDER BY seq LIMIT 1"),attempt:e.prepare("INSERT INTO attempts (delivery_seq, at, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)"),dispatched:e.prepare(`UPDATE deliveries SET state = 'dispatched', dispatched_at = $now,
        finished_at = $now, last_status = $status, last_error = NULL, next_attempt_at = NULL
        WHERE seq = $seq`),failed:e.prepare(`UPDATE deliveries SET state = 'failed', finished_at = $now,
        last_status = $status, last_error = $error, next_attempt_at = NULL WHERE seq = $seq`),retry:e.prepare(`UPDATE deliveries AS d SET
        state = CASE WHEN d.coalesce_key IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries n
          WHERE n.coalesce_key = d.coalesce_key AND n.seq > d.seq
            AND n.state IN ('queued', 'dispatching', 'dispatched')) THEN 'superseded' ELSE 'queued' END,
        last_status = $status, last_error = $error, next_attempt_at = $at
        WHERE seq = $seq RETURNING state`),finishSuperseded:e.prepare(`UPDATE deliveries SET finished_at = $now, next_attempt_at = NULL
        WHERE seq = $seq AND state = 'superseded'`),recover:e.prepare("UPDATE deliveries SET state = 'queued', next_attempt_at = $now WHERE state = 'dispatching'"),pending:e.prepare(`SELECT COUNT(*) AS count, MIN(received_at) AS oldest FROM deliveries
        WHERE state IN ('queued', 'dispatching')`),failedCount:e.prepare("SELECT COUNT(*) AS count FROM deliveries WHERE state = 'failed'"),prune:e.prepare(`DELETE FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < $before
        AND state NOT IN ('queued', 'dispatching')`),redeliver:e.prepare(`UPDATE deliveries SET state = 'queued', next_attempt_at = $now,
        finished_at = NULL, last_error = NULL, redelivered_at = $now
        WHERE id = $id AND state IN ('failed', 'dispatched', 'superseded', 'filtered')
        RETURNING id`),get:e.prepare(`SELECT ${u} FROM deliveries WHERE id = ?`),body:e.prepare("SELECT body FROM deliveries WHERE id = ?"),attempts:e.prepare(`SELECT at, status, duration_ms, error FROM attempts
        WHERE delivery_seq = (SELECT seq FROM deliveries WHERE id = ?) ORDER BY at, rowid`)}}insertBatch(e,t){let n=this.#e,i=[];this.#t.exec("BEGIN IMMEDIATE");try{for(let s of e){let d=s.dedupeKey===void 0?void 0:n.findByDedupe.get(s.dedupeKey),a=d?"duplicate":s.filtered!==void 0?"filtered":"queued";if(n.insert.run({$id:s.id,$provider:s.provider,$event:s.event,$deliveryId:s.deliveryId,$repository:s.repository??null,$state:a,$receivedAt:s.receivedAt,$headers:JSON.stringify(s.headers),$body:d?new Uint8Array(0):s.body,$dedupeKey:d?null:s.dedupeKey??null,$coalesceKey:a==="queued"?s.coalesceKey??null:null,$nextAttemptAt:a==="queued"?s.receivedAt:null,$lastError:a==="filtered"?s.filtered??null:null,$finishedAt:a==="queued"?null:t,$relatedId:d?.id??null}),d)i.push({kind:"duplicate",id:s.id,of:d.id});else if(a==="filtered")i.push({kind:"filtered",id:s.id,why:s.filtered??""});else{let T=s.coalesceKey===void 0?0:Number(n.supersede.run({$now:t,$by:s.id,$key:s.coalesceKey}).changes);i.push({kind:"queued",id:s.id,superseded:T})}}this.#t.exec("COMMIT")}catch(s){throw this.#t.exec("ROLLBACK"),s}return i}claim(e){let t=this.#e.claim.get({$now:e});if(t)return{...p(t),headers:JSON.parse(String(t.headers)),body:new Uint8Array(t.body)}}nextDueAt(){return this.#e.nextWake.get()?.at??void 0}#n(e,t){this.#e.attempt.run(e,t.at,t.status,t.durationMs,t.error)}#r(e){this.#t.exec("BEGIN IMMEDIATE");try{let t=e();return this.#t.exec("COMMIT"),t}catch(t){throw this.#t.exec("ROLLBACK"),t}}markDispatched(e,t){this.#r(()=>{this.#n(e,t),this.#e.dispatched.run({$now:t.at,$status:t.status,$seq:e})})}markFailed(e,t,n){this.#r(()=>{this.#n(e,t),this.#e.failed.run({$now:t.at,$status:t.status,$error:n,$seq:e})})}markRetry(e,t,n){return this.#r(()=>{this.#n(e,t);let i=this.#e.retry.get({$status:t.status,$error:t.error,$at:n,$seq:e});return i.state==="superseded"&&this.#e.finishSuperseded.run({$now:t.at,$seq:e}),i.state})}recoverInterrupted(e){return Number(this.#e.recover.run({$now:e}).changes)}stats(e){let t=this.#e.pending.get(),n=this.#e.failedCount.get();return{pending:Number(t.count),oldestPendingAgeSeconds:t.oldest===null?0:Math.max(0,Math.floor((e-t.oldest)/1e3)),failed:Number(n.count)}}prune(e,t){return Number(this.#e.prune.run({$before:e-t}).changes)}redeliver(e,t){return this.#e.redeliver.get({$id:e,$now:t})!==void 0}redeliverMany(e,t){return this.#r(()=>e.filter(n=>this.redeliver(n,t)))}body(e){let t=this.#e.body.get(e);return t&&new Uint8Array(t.body)}get(e){let t=this.#e.get.get(e);return t&&p(t)}attempts(e){return this.#e.attempts.all(e).map(t=>({at:Number(t.at),status:t.status===null?null:Number(t.status),durationMs:Number(t.duration_ms),error:t.error===null?null:String(t.error)}))}list(e={}){let t=[],n={};e.before!==void 0&&(t.push("seq < $before"),n.$before=e.before),e.state!==void 0&&(t.push("state = $state"),n.$state=e.state),e.provider!==void 0&&(t.push("provider = $provider"),n.$provider=e.provider),e.event!==void 0&&(t.push("event = $event"),n.$event=e.event),e.since!==void 0&&(t.push("received_at >= $since"),n.$since=e.since),n.$limit=Math.min(Math.max(1,e.limit??50),500);let i=`SELECT ${u} FROM deliveries ${t.length?`WHERE ${t.join(" AND ")}`:""} ORDER BY seq DESC LIMIT $limit`;return this.#t.prepare(i).all(n).map(p)}close(){this.#t.isOpen&&this.#t.close()}};export{o as a,R as b,l as c,I as d,L as e,U as f,v as g};
