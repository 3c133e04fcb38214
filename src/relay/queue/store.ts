import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { HookbridgeError } from "../../core/errors.ts";
import type { ProviderName } from "../../core/providers.ts";

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
  readonly receivedAt: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly dedupeKey: string | undefined;
  readonly coalesceKey: string | undefined;
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
}

/** A claimed row with what dispatch needs. */
export interface ClaimedDelivery extends StoredDelivery {
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
`;

const LOG_COLUMNS = `seq, id, provider, event, delivery_id, repository, state, received_at, attempts,
  next_attempt_at, last_status, last_error, dispatched_at, finished_at, related_id, redelivered_at`;

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
  };
}

/** The database file's name inside `HOOKBRIDGE_DATA_DIR`. */
export const DATABASE_FILE = "deliveries.sqlite";

/**
 * The Node relay's durable queue and delivery log: one SQLite database in WAL mode. Every method
 * is one statement or one transaction, so a crash at any point leaves a consistent log.
 */
export class DeliveryStore {
  readonly #db: DatabaseSync;
  readonly #statements: ReturnType<DeliveryStore["prepare"]>;

  /** Opens (creating if missing) the database in `dataDir`; throws a ConfigError if it cannot. */
  static open(dataDir: string): DeliveryStore {
    let db: DatabaseSync;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new DatabaseSync(join(dataDir, DATABASE_FILE));
      db.exec("PRAGMA journal_mode = WAL");
      // FULL syncs the WAL at every commit; group commit spreads that cost over many requests.
      db.exec("PRAGMA synchronous = FULL");
      db.exec("PRAGMA foreign_keys = ON");
      db.exec("PRAGMA busy_timeout = 5000");
      db.exec(SCHEMA);
      // Databases made before redeliveries were timed lack the column; SQLite adds it in place.
      const columns = db.prepare("PRAGMA table_info(deliveries)").all() as { name: string }[];
      if (!columns.some((column) => column.name === "redelivered_at"))
        db.exec("ALTER TABLE deliveries ADD COLUMN redelivered_at INTEGER");
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new HookbridgeError(
        "ConfigError",
        `HOOKBRIDGE_DATA_DIR "${dataDir}" cannot hold the delivery queue (${cause}); point it at a directory the relay can create and write, or set HOOKBRIDGE_DELIVERY=sync.`,
      );
    }
    return new DeliveryStore(db);
  }

  private constructor(db: DatabaseSync) {
    this.#db = db;
    this.#statements = this.prepare();
  }

  private prepare() {
    const db = this.#db;
    return {
      findByDedupe: db.prepare("SELECT id FROM deliveries WHERE dedupe_key = ?"),
      insert: db.prepare(`INSERT INTO deliveries
        (id, provider, event, delivery_id, repository, state, received_at, headers, body,
         dedupe_key, coalesce_key, next_attempt_at, last_error, finished_at, related_id)
        VALUES ($id, $provider, $event, $deliveryId, $repository, $state, $receivedAt, $headers,
         $body, $dedupeKey, $coalesceKey, $nextAttemptAt, $lastError, $finishedAt, $relatedId)`),
      // Named, because the planner otherwise picks the index on state and reads every waiting
      // row (and its body's overflow pages, before coalesce_key) for each delivery received.
      supersede: db.prepare(`UPDATE deliveries INDEXED BY deliveries_coalesce
        SET state = 'superseded', finished_at = $now,
        related_id = $by, next_attempt_at = NULL
        WHERE coalesce_key = $key AND state = 'queued' AND id <> $by`),
      // Strictly in order of receipt: while the oldest waits out a pause, so do the younger.
      claim: db.prepare(`UPDATE deliveries SET state = 'dispatching', attempts = attempts + 1
        WHERE seq = (SELECT seq FROM deliveries WHERE state = 'queued' ORDER BY seq LIMIT 1)
          AND next_attempt_at <= $now
        RETURNING ${LOG_COLUMNS}, headers, body`),
      nextWake: db.prepare(
        "SELECT next_attempt_at AS at FROM deliveries WHERE state = 'queued' ORDER BY seq LIMIT 1",
      ),
      attempt: db.prepare(
        "INSERT INTO attempts (delivery_seq, at, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)",
      ),
      dispatched: db.prepare(`UPDATE deliveries SET state = 'dispatched', dispatched_at = $now,
        finished_at = $now, last_status = $status, last_error = NULL, next_attempt_at = NULL
        WHERE seq = $seq`),
      failed: db.prepare(`UPDATE deliveries SET state = 'failed', finished_at = $now,
        last_status = $status, last_error = $error, next_attempt_at = NULL WHERE seq = $seq`),
      // A newer update of the same object that arrived during the attempt replaces this one.
      retry: db.prepare(`UPDATE deliveries AS d SET
        state = CASE WHEN d.coalesce_key IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries n
          WHERE n.coalesce_key = d.coalesce_key AND n.seq > d.seq
            AND n.state IN ('queued', 'dispatching', 'dispatched')) THEN 'superseded' ELSE 'queued' END,
        last_status = $status, last_error = $error, next_attempt_at = $at
        WHERE seq = $seq RETURNING state`),
      finishSuperseded: db.prepare(`UPDATE deliveries SET finished_at = $now, next_attempt_at = NULL
        WHERE seq = $seq AND state = 'superseded'`),
      recover: db.prepare(
        "UPDATE deliveries SET state = 'queued', next_attempt_at = $now WHERE state = 'dispatching'",
      ),
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
   * Records a batch of deliveries in one transaction (one disk sync for all of them): each is
   * queued, recognised as a copy of one already held, or recorded as filtered.
   */
  insertBatch(batch: readonly NewDelivery[], now: number): InsertResult[] {
    const s = this.#statements;
    const results: InsertResult[] = [];
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const item of batch) {
        const original =
          item.dedupeKey === undefined
            ? undefined
            : (s.findByDedupe.get(item.dedupeKey) as { id: string } | undefined);
        const state: DeliveryState = original
          ? "duplicate"
          : item.filtered !== undefined
            ? "filtered"
            : "queued";
        s.insert.run({
          $id: item.id,
          $provider: item.provider,
          $event: item.event,
          $deliveryId: item.deliveryId,
          $repository: item.repository ?? null,
          $state: state,
          $receivedAt: item.receivedAt,
          $headers: JSON.stringify(item.headers),
          // A copy's body is the original's; only the fact of its arrival is logged.
          $body: original ? new Uint8Array(0) : item.body,
          $dedupeKey: original ? null : (item.dedupeKey ?? null),
          $coalesceKey: state === "queued" ? (item.coalesceKey ?? null) : null,
          $nextAttemptAt: state === "queued" ? item.receivedAt : null,
          $lastError: state === "filtered" ? (item.filtered ?? null) : null,
          $finishedAt: state === "queued" ? null : now,
          $relatedId: original?.id ?? null,
        });
        if (original) {
          results.push({ kind: "duplicate", id: item.id, of: original.id });
        } else if (state === "filtered") {
          results.push({ kind: "filtered", id: item.id, why: item.filtered ?? "" });
        } else {
          const superseded =
            item.coalesceKey === undefined
              ? 0
              : Number(
                  s.supersede.run({ $now: now, $by: item.id, $key: item.coalesceKey }).changes,
                );
          results.push({ kind: "queued", id: item.id, superseded });
        }
      }
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    return results;
  }

  /** Takes the oldest queued delivery if it is due by `now`, marking it `dispatching`, in one statement. */
  claim(now: number): ClaimedDelivery | undefined {
    const row = this.#statements.claim.get({ $now: now }) as Row | undefined;
    if (!row) return undefined;
    return {
      ...toStored(row),
      headers: JSON.parse(String(row.headers)) as Record<string, string>,
      body: new Uint8Array(row.body as Uint8Array),
    };
  }

  /** When the next waiting delivery falls due, or `undefined` when none waits. */
  nextDueAt(): number | undefined {
    const row = this.#statements.nextWake.get() as { at: number | null } | undefined;
    return row?.at ?? undefined;
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

  #transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  markDispatched(seq: number, attempt: Attempt): void {
    this.#transaction(() => {
      this.#record(seq, attempt);
      this.#statements.dispatched.run({ $now: attempt.at, $status: attempt.status, $seq: seq });
    });
  }

  markFailed(seq: number, attempt: Attempt, reason: string): void {
    this.#transaction(() => {
      this.#record(seq, attempt);
      this.#statements.failed.run({
        $now: attempt.at,
        $status: attempt.status,
        $error: reason,
        $seq: seq,
      });
    });
  }

  /** Back to `queued` until `at`, unless a newer update of the same object replaced it. */
  markRetry(seq: number, attempt: Attempt, at: number): DeliveryState {
    return this.#transaction(() => {
      this.#record(seq, attempt);
      const row = this.#statements.retry.get({
        $status: attempt.status,
        $error: attempt.error,
        $at: at,
        $seq: seq,
      }) as { state: DeliveryState };
      if (row.state === "superseded")
        this.#statements.finishSuperseded.run({ $now: attempt.at, $seq: seq });
      return row.state;
    });
  }

  /**
   * At start-up: deliveries left `dispatching` by a crash go back to the queue. GitHub may have
   * accepted some of them before the crash; those are dispatched twice (the at-least-once window).
   */
  recoverInterrupted(now: number): number {
    return Number(this.#statements.recover.run({ $now: now }).changes);
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
    return Number(this.#statements.prune.run({ $before: now - retentionMs }).changes);
  }

  /** Queues a finished delivery again (a dead letter, or one to send once more); false if none. */
  redeliver(id: string, now: number): boolean {
    return this.#statements.redeliver.get({ $id: id, $now: now }) !== undefined;
  }

  /**
   * Queues each of `ids` again in one transaction (one disk sync); returns the ids that were
   * finished and are now queued.
   */
  redeliverMany(ids: readonly string[], now: number): string[] {
    return this.#transaction(() => ids.filter((id) => this.redeliver(id, now)));
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
