/**
 * The durable-ack baseline: the least a server must do to answer 202 only once a POST's body is
 * on disk. `node:http` reads the body; `node:sqlite` keeps it in one table, with the relay's
 * store's settings (WAL, synchronous=FULL); bodies that arrive in the same turn of the event loop
 * share one transaction (group commit), and each is answered after that commit. No verification,
 * parsing, dedupe or queueing: what is left of the relay's answer is its own work.
 */
import { createServer, type ServerResponse } from "node:http";
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
    if (waiting.length === 0) setImmediate(commit);
    waiting.push({ body: Buffer.concat(chunks), response });
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  announce(`http://127.0.0.1:${port}`, () => ({ requests, commits }));
});
