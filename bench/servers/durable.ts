/**
 * The durable-ack baseline: the least a server must do to answer 202 only once a POST's body is
 * on disk. `node:http` reads the body; `node:sqlite` keeps it in one table (WAL,
 * synchronous=FULL); bodies that arrive in the same turn of the event loop
 * share one transaction (group commit), and each is answered after that commit. No verification,
 * parsing, dedupe or queueing: what is left of the relay's answer is its own work. The relay's
 * store gives the same guarantee (the log on disk before a 202) with synchronous=NORMAL and the
 * log's fsync on the thread pool (src/relay/queue/wal-sync.ts); this server keeps SQLite's own.
 *
 * With BENCH_DURABLE_VERIFY_SECRET it also does the two things no relay may skip before its 202:
 * it checks the body's DeepSource signature (HMAC-SHA256, hex) and parses it as JSON, answering
 * 401 when either fails. That is the floor under the relay's answer: what is left above it
 * is dedupe, validation, routing, sizing, the store's indexes and the log.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { announce } from "./announce.ts";

const dir = process.env.BENCH_DURABLE_DIR;
if (!dir) throw new Error("BENCH_DURABLE_DIR must name a directory for the database.");
const db = new DatabaseSync(join(dir, "durable.sqlite"));
db.exec("PRAGMA journal_mode = WAL");
db.exec("PRAGMA synchronous = FULL");
db.exec("CREATE TABLE bodies (seq INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, body BLOB)");
const insert = db.prepare("INSERT INTO bodies (received_at, body) VALUES (?, ?)");

const secret = process.env.BENCH_DURABLE_VERIFY_SECRET;

/** Whether the body is signed with `secret` and is JSON (always, without a secret). */
function acceptable(request: IncomingMessage, body: Buffer): boolean {
  if (secret === undefined) return true;
  const given = Buffer.from(String(request.headers["x-deepsource-signature"] ?? ""), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    JSON.parse(body.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

let waiting: { body: Buffer; response: ServerResponse }[] = [];
let commits = 0;
let requests = 0;

function commit(): void {
  const batch = waiting;
  waiting = [];
  const now = Date.now();
  db.exec("BEGIN");
  for (const entry of batch) insert.run(now, entry.body);
  db.exec("COMMIT");
  commits += 1;
  for (const { response } of batch) {
    requests += 1;
    response.writeHead(202, { "content-type": "application/json", "content-length": "2" });
    response.end("{}");
  }
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!acceptable(request, body)) {
      response.writeHead(401, { "content-length": "0" });
      response.end();
      return;
    }
    if (waiting.length === 0) setImmediate(commit);
    waiting.push({ body, response });
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  announce(`http://127.0.0.1:${port}`, () => ({ requests, commits }));
});
