import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { HookbridgeError } from "../../core/errors.ts";
import type { NamedRepository, ProviderName } from "../../core/providers.ts";

/**
 * A delivery's life: `queued` → `dispatching` → `dispatched`, or back to `queued` to retry, or
 * `failed` (dead letter, redeliverable). `superseded`, `filtered` and `duplicate` are recorded
 * for the log and never dispatched.
 */
export type DeliveryState =
  | "queued"
  | "dispatching"
  | "dispatched"
  | "failed"
  | "superseded"
  | "filtered"
  | "duplicate";

export const DELIVERY_STATES: readonly DeliveryState[] = [
  "queued",
  "dispatching",
  "dispatched",
  "failed",
  "superseded",
  "filtered",
  "duplicate",
];

/** What the handler hands over for one delivery. */
export interface NewDelivery {
  /** The relay's own id for this row, answered to the provider and used by the admin API. */
  readonly id: string;
  readonly provider: ProviderName;
  readonly event: string;
  /** The provider's delivery id. */
  readonly deliveryId: string;
  readonly repository: string | undefined;
  /** The repository the event named (`null`: none), so routing can be decided again at dispatch. */
  readonly named: NamedRepository | null;
  readonly receivedAt: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly dedupeKey: string | undefined;
  readonly coalesceKey: string | undefined;
  /**
   * The payload's own version of the object (its `updatedAt`, `modified_date`): only a newer
   * state supersedes a waiting one, whatever order they arrive in.
   */
  readonly coalesceVersion?: number | undefined;
  /**
   * When it may first be dispatched (`receivedAt` unless told): with a batch window, a little
   * later, so the deliveries of one commit that follow it can go out with it.
   */
  readonly dueAt?: number;
  /** Set to record the delivery as `filtered` with this reason instead of queueing it. */
  readonly filtered?: string;
}

/** One row of the delivery log. */
export interface StoredDelivery {
  /** Receipt order: dispatch order and the cursor for listing. */
  readonly seq: number;
  readonly id: string;
  readonly provider: ProviderName;
  readonly event: string;
  readonly deliveryId: string;
  readonly repository: string | null;
  readonly state: DeliveryState;
  readonly receivedAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly dispatchedAt: number | null;
  readonly finishedAt: number | null;
  /** When it was last queued again by a redelivery; its retries are given up counting from here. */
  readonly redeliveredAt: number | null;
  /** The relay id of the delivery this one duplicates or was superseded by. */
  readonly relatedId: string | null;
  /** The batch it was last dispatched in, with other deliveries of its repository; null alone. */
  readonly batchId: string | null;
}

/** A claimed row with what dispatch needs. */
export interface ClaimedDelivery extends StoredDelivery {
  /** What the event named; `undefined` for rows stored before this was kept. */
  readonly named: NamedRepository | null | undefined;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array<ArrayBuffer>;
}

export interface Attempt {
  readonly at: number;
  /** GitHub's status, or null when no answer arrived. */
  readonly status: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export type InsertResult =
  | {
      readonly kind: "queued";
      readonly id: string;
      /** Waiting deliveries of the same object this one replaced. */
      readonly superseded: number;
    }
  /** An older state of an object whose newer state the store already holds: recorded only. */
  | { readonly kind: "superseded"; readonly id: string; readonly by: string }
  | { readonly kind: "duplicate"; readonly id: string; readonly of: string }
  | { readonly kind: "filtered"; readonly id: string; readonly why: string };

export interface ListQuery {
  /** Only rows older than this `seq` (the cursor from the previous page). */
  readonly before?: number;
  readonly limit?: number;
  readonly state?: DeliveryState;
  readonly provider?: string;
  readonly event?: string;
  /** Only rows received at or after this time (milliseconds). */
  readonly since?: number;
}

export interface QueueStats {
  readonly pending: number;
  /** Seconds since the oldest pending delivery was received; 0 when none. */
  readonly oldestPendingAgeSeconds: number;
  readonly failed: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  event TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  repository TEXT,
  named TEXT,
  state TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  dedupe_key TEXT UNIQUE,
  coalesce_key TEXT,
  coalesce_version REAL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  dispatched_at INTEGER,
  finished_at INTEGER,
  related_id TEXT,
  redelivered_at INTEGER,
  batch_id TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_waiting ON deliveries (seq) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_coalesce ON deliveries (coalesce_key, seq) WHERE coalesce_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_lanes ON deliveries (repository, seq)
  WHERE state IN ('queued', 'dispatching');
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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Columns added after the first release; SQLite adds each in place to an older database. */
const ADDED_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ["redelivered_at", "INTEGER"],
  ["coalesce_version", "REAL"],
  ["named", "TEXT"],
  ["batch_id", "TEXT"],
];

/** SQLite's primary result codes a full, failing or locked disk gives, by number. */
const SQLITE_CODES: Readonly<Record<number, string>> = {
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
};

/**
 * The store could not read or write its database: the disk is full, failing or read-only. Intake
 * answers 503 with `Retry-After`, `/healthz` reports it, and dispatch waits and tries again.
 */
export class StoreUnavailable extends Error {
  override readonly name = "StoreUnavailable";
  /** SQLite's code, e.g. `SQLITE_FULL`, or `SQLITE_ERROR` for another failure. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** node:sqlite's error, in SQLite's own words and code; anything else is passed on unchanged. */
function storeError(error: unknown, dataDir: string): unknown {
  const sqlite = error as { code?: unknown; errcode?: unknown; errstr?: unknown } | null;
  if (sqlite?.code !== "ERR_SQLITE_ERROR" || typeof sqlite.errcode !== "number") return error;
  const code = SQLITE_CODES[sqlite.errcode & 0xff] ?? "SQLITE_ERROR";
  const said = typeof sqlite.errstr === "string" ? sqlite.errstr : String(error);
  return new StoreUnavailable(
    code,
    `The delivery store in ${dataDir} cannot write (${code}: ${said}).`,
  );
}

/** Whether row `n` holds a newer state of the same object than row `d` (SQL over aliases n, d). */
const NEWER = `CASE WHEN n.coalesce_version IS NOT NULL AND d.coalesce_version IS NOT NULL
  THEN n.coalesce_version > d.coalesce_version
    OR (n.coalesce_version = d.coalesce_version AND n.seq > d.seq)
  ELSE n.seq > d.seq END`;

const LOG_COLUMNS = `seq, id, provider, event, delivery_id, repository, state, received_at, attempts,
  next_attempt_at, last_status, last_error, dispatched_at, finished_at, related_id, redelivered_at,
  batch_id`;

type Row = Record<string, SQLInputValue>;

function toStored(row: Row): StoredDelivery {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    provider: String(row.provider) as ProviderName,
    event: String(row.event),
    deliveryId: String(row.delivery_id),
    repository: row.repository === null ? null : String(row.repository),
    state: String(row.state) as DeliveryState,
    receivedAt: Number(row.received_at),
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error === null ? null : String(row.last_error),
    dispatchedAt: row.dispatched_at === null ? null : Number(row.dispatched_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    relatedId: row.related_id === null ? null : String(row.related_id),
    redeliveredAt:
      row.redelivered_at === null || row.redelivered_at === undefined
        ? null
        : Number(row.redelivered_at),
    batchId: row.batch_id === null || row.batch_id === undefined ? null : String(row.batch_id),
  };
}

/** The database file's name inside `HOOKBRIDGE_DATA_DIR`. */
export const DATABASE_FILE = "deliveries.sqlite";

/**
 * The database holds raw bodies and providers' signature headers: the directory is the relay's
 * alone (0700) and every file in it 0600, whatever the umask. SQLite gives its `-wal` and `-shm`
 * files the database file's mode, so the file is made 0600 before SQLite first opens it.
 */
function privateFiles(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(path)) chmodSync(path, 0o600);
}

/** A waiting delivery at the head of its repository's lane: what the dispatcher schedules by. */
export interface LaneHead {
  readonly seq: number;
  readonly repository: string | null;
  /** Wall-clock milliseconds it falls due. */
  readonly nextAttemptAt: number;
}

/** Whether the store can write, as last seen; `error` says why not. */
export type StoreHealth =
  | { readonly writable: true }
  | { readonly writable: false; readonly error: string };

/**
 * The Node relay's durable queue and delivery log: one SQLite database in WAL mode. Every write
 * is one transaction that either commits or leaves nothing behind, so a crash, a full disk or
 * a failing write at any point leaves a consistent log.
 */
export class DeliveryStore {
  readonly #db: DatabaseSync;
  readonly #dataDir: string;
  readonly #statements: ReturnType<DeliveryStore["prepare"]>;
  #health: StoreHealth = { writable: true };

  /** Opens (creating if missing) the database in `dataDir`; throws a ConfigError if it cannot. */
  static open(dataDir: string): DeliveryStore {
    let db: DatabaseSync;
    try {
      const file = join(dataDir, DATABASE_FILE);
      privateFiles(dataDir, file);
      db = new DatabaseSync(file);
      db.exec("PRAGMA journal_mode = WAL");
      // FULL syncs the WAL at every commit; group commit spreads that cost over many requests.
      db.exec("PRAGMA synchronous = FULL");
      db.exec("PRAGMA foreign_keys = ON");
      db.exec("PRAGMA busy_timeout = 5000");
      db.exec(SCHEMA);
      const columns = db.prepare("PRAGMA table_info(deliveries)").all() as { name: string }[];
      for (const [name, type] of ADDED_COLUMNS) {
        if (!columns.some((column) => column.name === name))
          db.exec(`ALTER TABLE deliveries ADD COLUMN ${name} ${type}`);
      }
      // A write at start: a read-only or immutable file fails here, naming the directory,
      // rather than at the first delivery.
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('opened_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(new Date().toISOString());
      privateFiles(dataDir, file);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new HookbridgeError(
        "ConfigError",
        `HOOKBRIDGE_DATA_DIR "${dataDir}" cannot hold the delivery queue (${cause}); point it at a directory the relay can create and write, or set HOOKBRIDGE_DELIVERY=sync.`,
      );
    }
    return new DeliveryStore(db, dataDir);
  }

  private constructor(db: DatabaseSync, dataDir: string) {
    this.#db = db;
    this.#dataDir = dataDir;
    this.#statements = this.prepare();
  }

  private prepare() {
    const db = this.#db;
    return {
      findByDedupe: db.prepare("SELECT id FROM deliveries WHERE dedupe_key = ?"),
      insert: db.prepare(`INSERT INTO deliveries
        (id, provider, event, delivery_id, repository, named, state, received_at, headers, body,
         dedupe_key, coalesce_key, coalesce_version, next_attempt_at, last_error, finished_at,
         related_id)
        VALUES ($id, $provider, $event, $deliveryId, $repository, $named, $state, $receivedAt, $headers,
         $body, $dedupeKey, $coalesceKey, $coalesceVersion, $nextAttemptAt, $lastError,
         $finishedAt, $relatedId)`),
      // The newest state held of an object, waiting, in flight or sent, newer than $version.
      newerHeld: db.prepare(`SELECT id FROM deliveries INDEXED BY deliveries_coalesce
        WHERE coalesce_key = $key AND state IN ('queued', 'dispatching', 'dispatched')
          AND coalesce_version IS NOT NULL AND $version IS NOT NULL
          AND coalesce_version > $version
        ORDER BY coalesce_version DESC, seq DESC LIMIT 1`),
      // Named, because the planner otherwise picks the index on state and reads every waiting
      // row (and its body's overflow pages, before coalesce_key) for each delivery received.
      supersede: db.prepare(`UPDATE deliveries INDEXED BY deliveries_coalesce
        SET state = 'superseded', finished_at = $now,
        related_id = $by, next_attempt_at = NULL
        WHERE coalesce_key = $key AND state = 'queued' AND id <> $by
          AND (coalesce_version IS NULL OR $version IS NULL OR coalesce_version <= $version)`),
      // The first waiting delivery of each repository: order holds within a repository, and a
      // repository that waits (a backoff, a refusal) holds back no other.
      heads: db.prepare(`SELECT d.seq AS seq, d.repository AS repository, d.next_attempt_at AS at
        FROM deliveries d JOIN (SELECT MIN(seq) AS seq FROM deliveries INDEXED BY deliveries_lanes
          WHERE state IN ('queued', 'dispatching') GROUP BY repository) h ON h.seq = d.seq
        WHERE d.state = 'queued' ORDER BY d.seq LIMIT 1000`),
      claim: db.prepare(`UPDATE deliveries SET state = 'dispatching', attempts = attempts + 1
        WHERE seq = $seq AND state = 'queued'
        RETURNING ${LOG_COLUMNS}, named, headers, body`),
      // What waits behind a lane's head, for a batch: in order, the head's own provider.
      behind: db.prepare(`SELECT seq, provider, received_at AS received FROM deliveries
        INDEXED BY deliveries_lanes
        WHERE state IN ('queued', 'dispatching') AND repository IS $repository AND seq > $seq
        ORDER BY seq LIMIT $limit`),
      release: db.prepare(`UPDATE deliveries SET state = 'queued', attempts = attempts - 1
        WHERE seq = $seq AND state = 'dispatching'`),
      attempt: db.prepare(
        "INSERT INTO attempts (delivery_seq, at, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)",
      ),
      dispatched: db.prepare(`UPDATE deliveries SET state = 'dispatched', dispatched_at = $now,
        finished_at = $now, last_status = $status, last_error = NULL, next_attempt_at = NULL,
        batch_id = $batch WHERE seq = $seq`),
      finish: db.prepare(`UPDATE deliveries SET state = $state, finished_at = $now,
        last_status = $status, last_error = $error, next_attempt_at = NULL WHERE seq = $seq`),
      // A newer state of the same object, held since this one was claimed, replaces it.
      newerThan: db.prepare(`SELECT n.id AS id FROM deliveries d JOIN deliveries n
        ON n.coalesce_key = d.coalesce_key AND n.seq <> d.seq
        WHERE d.seq = $seq AND n.state IN ('queued', 'dispatching', 'dispatched') AND ${NEWER}
        LIMIT 1`),
      retry: db.prepare(`UPDATE deliveries SET state = 'queued', last_status = $status,
        last_error = $error, next_attempt_at = $at WHERE seq = $seq`),
      superseded: db.prepare(`UPDATE deliveries SET state = 'superseded', finished_at = $now,
        last_status = $status, last_error = $error, related_id = $by, next_attempt_at = NULL
        WHERE seq = $seq`),
      recover: db.prepare(
        "UPDATE deliveries SET state = 'queued', next_attempt_at = $now WHERE state = 'dispatching'",
      ),
      shift: db.prepare(`UPDATE deliveries SET next_attempt_at = next_attempt_at + $by
        WHERE state = 'queued' AND next_attempt_at IS NOT NULL`),
      // As much room as a typical delivery needs, written and freed in one transaction: a
      // store that has this can take deliveries again.
      probe: db.prepare(
        "INSERT INTO meta (key, value) VALUES ('probe', zeroblob(131072)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      unprobe: db.prepare("DELETE FROM meta WHERE key = 'probe'"),
      pending: db.prepare(`SELECT COUNT(*) AS count, MIN(received_at) AS oldest FROM deliveries
        WHERE state IN ('queued', 'dispatching')`),
      failedCount: db.prepare("SELECT COUNT(*) AS count FROM deliveries WHERE state = 'failed'"),
      prune:
        db.prepare(`DELETE FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < $before
        AND state NOT IN ('queued', 'dispatching')`),
      redeliver: db.prepare(`UPDATE deliveries SET state = 'queued', next_attempt_at = $now,
        finished_at = NULL, last_error = NULL, redelivered_at = $now
        WHERE id = $id AND state IN ('failed', 'dispatched', 'superseded', 'filtered')
        RETURNING id`),
      get: db.prepare(`SELECT ${LOG_COLUMNS} FROM deliveries WHERE id = ?`),
      body: db.prepare("SELECT body FROM deliveries WHERE id = ?"),
      attempts: db.prepare(`SELECT at, status, duration_ms, error FROM attempts
        WHERE delivery_seq = (SELECT seq FROM deliveries WHERE id = ?) ORDER BY at, rowid`),
    };
  }

  /**
   * One write transaction. It commits, or it is rolled back and the cause is thrown as SQLite
   * gave it: SQLite may already have rolled back itself (a full disk does), and a ROLLBACK then
   * would only hide the cause behind "no transaction is active".
   */
  #write<T>(work: () => T): T {
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      const result = work();
      this.#db.exec("COMMIT");
      this.#health = { writable: true };
      return result;
    } catch (error) {
      if (this.#db.isOpen && this.#db.isTransaction) {
        try {
          this.#db.exec("ROLLBACK");
        } catch {
          // The cause below is what matters.
        }
      }
      const cause = storeError(error, this.#dataDir);
      if (cause instanceof StoreUnavailable)
        this.#health = { writable: false, error: cause.message };
      throw cause;
    }
  }

  /** Whether the last write committed; while it did not, each call tries one small write. */
  health(): StoreHealth {
    if (!this.#health.writable) {
      try {
        this.#write(() => {
          this.#statements.probe.run();
          this.#statements.unprobe.run();
        });
      } catch {
        // Still failing: #write kept the reason.
      }
    }
    return this.#health;
  }

  /**
   * Records a batch of deliveries in one transaction (one disk sync for all of them): each is
   * queued, recognised as a copy of one already held, recorded as superseded by a newer state
   * already held, or recorded as filtered.
   */
  insertBatch(batch: readonly NewDelivery[], now: number): InsertResult[] {
    const s = this.#statements;
    return this.#write(() =>
      batch.map((item): InsertResult => {
        const original =
          item.dedupeKey === undefined
            ? undefined
            : (s.findByDedupe.get(item.dedupeKey) as { id: string } | undefined);
        const version = item.coalesceVersion ?? null;
        const newer =
          original || item.filtered !== undefined || item.coalesceKey === undefined
            ? undefined
            : (s.newerHeld.get({ $key: item.coalesceKey, $version: version }) as
                | { id: string }
                | undefined);
        const state: DeliveryState = original
          ? "duplicate"
          : item.filtered !== undefined
            ? "filtered"
            : newer
              ? "superseded"
              : "queued";
        s.insert.run({
          $id: item.id,
          $provider: item.provider,
          $event: item.event,
          $deliveryId: item.deliveryId,
          $repository: item.repository ?? null,
          $named: JSON.stringify(item.named),
          $state: state,
          $receivedAt: item.receivedAt,
          $headers: JSON.stringify(item.headers),
          // A copy's body is the original's; only the fact of its arrival is logged.
          $body: original ? new Uint8Array(0) : item.body,
          $dedupeKey: original ? null : (item.dedupeKey ?? null),
          $coalesceKey:
            state === "queued" || state === "superseded" ? (item.coalesceKey ?? null) : null,
          $coalesceVersion: version,
          $nextAttemptAt: state === "queued" ? (item.dueAt ?? item.receivedAt) : null,
          $lastError: state === "filtered" ? (item.filtered ?? null) : null,
          $finishedAt: state === "queued" ? null : now,
          $relatedId: original?.id ?? newer?.id ?? null,
        });
        if (original) return { kind: "duplicate", id: item.id, of: original.id };
        if (state === "filtered")
          return { kind: "filtered", id: item.id, why: item.filtered ?? "" };
        if (newer) return { kind: "superseded", id: item.id, by: newer.id };
        const superseded =
          item.coalesceKey === undefined
            ? 0
            : Number(
                s.supersede.run({
                  $now: now,
                  $by: item.id,
                  $key: item.coalesceKey,
                  $version: version,
                }).changes,
              );
        return { kind: "queued", id: item.id, superseded };
      }),
    );
  }

  /** The first waiting delivery of each repository whose lane has nothing in flight, oldest first. */
  laneHeads(): LaneHead[] {
    return (
      this.#statements.heads.all() as {
        seq: number;
        repository: string | null;
        at: number | null;
      }[]
    ).map((row) => ({
      seq: Number(row.seq),
      repository: row.repository,
      nextAttemptAt: row.at === null ? 0 : Number(row.at),
    }));
  }

  /**
   * Takes the oldest lane head that is due by `now` and that `ready` lets go (its identity is
   * not paused), marking it `dispatching` in one transaction: it is handed out only once that
   * committed, so no delivery goes to two workers, nor out twice because a commit failed. With
   * `batch`, the deliveries of the same provider waiting right behind it in its lane and received
   * within `windowMs` of it are taken with it, up to `max` in all.
   */
  claim(
    now: number,
    ready: (repository: string | null) => boolean = () => true,
    batch?: { readonly windowMs: number; readonly max: number },
  ): ClaimedDelivery[] {
    const head = this.laneHeads().find(
      (lane) => lane.nextAttemptAt <= now && ready(lane.repository),
    );
    if (!head) return [];
    const rows = this.#write(() => {
      const first = this.#statements.claim.get({ $seq: head.seq }) as Row | undefined;
      if (!first || !batch || batch.max < 2) return first ? [first] : [];
      const taken = [first];
      const until = Number(first.received_at) + batch.windowMs;
      const behind = this.#statements.behind.all({
        $repository: head.repository,
        $seq: head.seq,
        $limit: batch.max - 1,
      }) as { seq: number; provider: string; received: number }[];
      for (const row of behind) {
        if (row.provider !== first.provider || Number(row.received) > until) break;
        const claimed = this.#statements.claim.get({ $seq: row.seq }) as Row | undefined;
        if (!claimed) break;
        taken.push(claimed);
      }
      return taken;
    });
    return rows.map((row) => ({
      ...toStored(row),
      named:
        row.named === null || row.named === undefined
          ? undefined
          : (JSON.parse(String(row.named)) as NamedRepository | null),
      headers: JSON.parse(String(row.headers)) as Record<string, string>,
      body: new Uint8Array(row.body as Uint8Array),
    }));
  }

  /** Claimed deliveries that were not attempted after all (a batch they did not fit in): queued again. */
  release(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.#write(() => {
      for (const seq of seqs) this.#statements.release.run({ $seq: seq });
    });
  }

  #record(seq: number, attempt: Attempt): void {
    this.#statements.attempt.run(
      seq,
      attempt.at,
      attempt.status,
      attempt.durationMs,
      attempt.error,
    );
  }

  /** GitHub accepted the dispatch that held these deliveries (`batchId` when they went together). */
  markDispatched(seqs: readonly number[], attempt: Attempt, batchId: string | null = null): void {
    this.#write(() => {
      for (const seq of seqs) {
        this.#record(seq, attempt);
        this.#statements.dispatched.run({
          $now: attempt.at,
          $status: attempt.status,
          $seq: seq,
          $batch: batchId,
        });
      }
    });
  }

  /** Dead letters, kept for redelivery, with the reason. */
  markFailed(seqs: readonly number[], attempt: Attempt, reason: string): void {
    this.#finish(seqs, attempt, "failed", reason);
  }

  /** The settings, read again at dispatch, send them nowhere; never dispatched. */
  markFiltered(seqs: readonly number[], attempt: Attempt, reason: string): void {
    this.#finish(seqs, attempt, "filtered", reason);
  }

  #finish(
    seqs: readonly number[],
    attempt: Attempt,
    state: "failed" | "filtered",
    reason: string,
  ): void {
    this.#write(() => {
      for (const seq of seqs) {
        this.#record(seq, attempt);
        this.#statements.finish.run({
          $state: state,
          $now: attempt.at,
          $status: attempt.status,
          $error: reason,
          $seq: seq,
        });
      }
    });
  }

  /**
   * Back to `queued` until `at`, each unless a newer state of the same object is held by now;
   * returns how many were superseded instead.
   */
  markRetry(seqs: readonly number[], attempt: Attempt, at: number): number {
    return this.#write(() => {
      let superseded = 0;
      for (const seq of seqs) {
        this.#record(seq, attempt);
        const newer = this.#statements.newerThan.get({ $seq: seq }) as { id: string } | undefined;
        const facts = { $status: attempt.status, $error: attempt.error, $seq: seq };
        if (newer) {
          this.#statements.superseded.run({ ...facts, $now: attempt.at, $by: newer.id });
          superseded += 1;
        } else this.#statements.retry.run({ ...facts, $at: at });
      }
      return superseded;
    });
  }

  /**
   * At start-up: deliveries left `dispatching` by a crash go back to the queue. GitHub may have
   * accepted some of them before the crash; those are dispatched twice (the at-least-once window).
   */
  recoverInterrupted(now: number): number {
    return this.#write(() => Number(this.#statements.recover.run({ $now: now }).changes));
  }

  /**
   * The wall clock moved by `ms` (stepped back: negative): every waiting delivery's next attempt
   * moves with it, so each keeps the wait it was given, no longer and no shorter.
   */
  shiftSchedule(ms: number): number {
    return this.#write(() => Number(this.#statements.shift.run({ $by: Math.round(ms) }).changes));
  }

  stats(now: number): QueueStats {
    const pending = this.#statements.pending.get() as { count: number; oldest: number | null };
    const failed = this.#statements.failedCount.get() as { count: number };
    return {
      pending: Number(pending.count),
      oldestPendingAgeSeconds:
        pending.oldest === null ? 0 : Math.max(0, Math.floor((now - pending.oldest) / 1000)),
      failed: Number(failed.count),
    };
  }

  /** Deletes finished deliveries (and their attempts) older than `retentionMs`. */
  prune(now: number, retentionMs: number): number {
    return this.#write(() =>
      Number(this.#statements.prune.run({ $before: now - retentionMs }).changes),
    );
  }

  /** Queues a finished delivery again (a dead letter, or one to send once more); false if none. */
  redeliver(id: string, now: number): boolean {
    return this.#write(() => this.#redeliver(id, now));
  }

  #redeliver(id: string, now: number): boolean {
    return this.#statements.redeliver.get({ $id: id, $now: now }) !== undefined;
  }

  /**
   * Queues each of `ids` again in one transaction (one disk sync); returns the ids that were
   * finished and are now queued.
   */
  redeliverMany(ids: readonly string[], now: number): string[] {
    return this.#write(() => ids.filter((id) => this.#redeliver(id, now)));
  }

  /** The raw body as received; empty for a copy (its original holds it). */
  body(id: string): Uint8Array | undefined {
    const row = this.#statements.body.get(id) as { body: Uint8Array } | undefined;
    return row && new Uint8Array(row.body);
  }

  get(id: string): StoredDelivery | undefined {
    const row = this.#statements.get.get(id) as Row | undefined;
    return row && toStored(row);
  }

  attempts(id: string): Attempt[] {
    return (this.#statements.attempts.all(id) as Row[]).map((row) => ({
      at: Number(row.at),
      status: row.status === null ? null : Number(row.status),
      durationMs: Number(row.duration_ms),
      error: row.error === null ? null : String(row.error),
    }));
  }

  /** The delivery log, newest first; pass the last row's `seq` as `before` for the next page. */
  list(query: ListQuery = {}): StoredDelivery[] {
    const where: string[] = [];
    const params: Record<string, SQLInputValue> = {};
    if (query.before !== undefined) {
      where.push("seq < $before");
      params.$before = query.before;
    }
    if (query.state !== undefined) {
      where.push("state = $state");
      params.$state = query.state;
    }
    if (query.provider !== undefined) {
      where.push("provider = $provider");
      params.$provider = query.provider;
    }
    if (query.event !== undefined) {
      where.push("event = $event");
      params.$event = query.event;
    }
    if (query.since !== undefined) {
      where.push("received_at >= $since");
      params.$since = query.since;
    }
    params.$limit = Math.min(Math.max(1, query.limit ?? 50), 500);
    const sql = `SELECT ${LOG_COLUMNS} FROM deliveries ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT $limit`;
    return (this.#db.prepare(sql).all(params) as Row[]).map(toStored);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
