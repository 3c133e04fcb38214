import type { OutcomeReport } from "../../core/outcome-report.ts";
import type { NamedRepository, ProviderName } from "../../core/providers.ts";
import type { StartedRun } from "../../core/workflow-dispatch.ts";
import { migrate } from "./schema.ts";
import {
  type SqlDatabase,
  type SqlParams,
  type SqlRow,
  type SqlValue,
  StoreUnavailable,
} from "./sql.ts";

export { StoreUnavailable } from "./sql.ts";

/**
 * A delivery's life: `queued` → `dispatching` → `dispatched` → `handled` (the workflow run
 * reported back), or back to `queued` to retry, or `failed` (dead letter, redeliverable).
 * `superseded`, `filtered` and `duplicate` are recorded for the log and never dispatched.
 */
export type DeliveryState =
  | "queued"
  | "dispatching"
  | "dispatched"
  | "handled"
  | "failed"
  | "superseded"
  | "filtered"
  | "duplicate";

export const DELIVERY_STATES: readonly DeliveryState[] = [
  "queued",
  "dispatching",
  "dispatched",
  "handled",
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
  /** What the workflow run that handled it reported, once it did (the state is then `handled`). */
  readonly report: StoredReport | null;
  /** When that report arrived. */
  readonly reportedAt: number | null;
  /** The run its last dispatch started, when GitHub named it (a `workflow` target). */
  readonly run: StartedRun | null;
}

/** A verified report, as kept: the receive action's report and the second it was signed at. */
export type StoredReport = OutcomeReport & { readonly signedAt: number };

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

/** Whether row `n` holds a newer state of the same object than row `d` (SQL over aliases n, d). */
const NEWER = `CASE WHEN n.coalesce_version IS NOT NULL AND d.coalesce_version IS NOT NULL
  THEN n.coalesce_version > d.coalesce_version
    OR (n.coalesce_version = d.coalesce_version AND n.seq > d.seq)
  ELSE n.seq > d.seq END`;

const LOG_COLUMNS = `seq, id, provider, event, delivery_id, repository, state, received_at, attempts,
  next_attempt_at, last_status, last_error, dispatched_at, finished_at, related_id, redelivered_at,
  batch_id, report, reported_at, run_id, run_url`;

type Row = SqlRow;

/** A blob column's bytes, copied (Node gives a `Uint8Array`, a Durable Object an `ArrayBuffer`). */
function bytesOf(value: Row[string] | undefined): Uint8Array<ArrayBuffer> {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value.slice(0))
    : new Uint8Array(value as Uint8Array);
}

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
    report:
      row.report === null || row.report === undefined
        ? null
        : (JSON.parse(String(row.report)) as StoredReport),
    reportedAt:
      row.reported_at === null || row.reported_at === undefined ? null : Number(row.reported_at),
    run:
      row.run_id === null || row.run_id === undefined
        ? null
        : { id: Number(row.run_id), url: String(row.run_url) },
  };
}

/** Lanes looked at per claim: repositories with deliveries waiting, a generous bound. */
const MAX_LANES = 1000;

/** A waiting delivery at the head of its repository's lane: what the dispatcher schedules by. */
export interface LaneHead {
  readonly seq: number;
  readonly repository: string | null;
  /** Wall-clock milliseconds it falls due. */
  readonly nextAttemptAt: number;
  readonly attempts: number;
}

/** Whether the store can write, as last seen; `error` says why not. */
export type StoreHealth =
  | { readonly writable: true }
  | { readonly writable: false; readonly error: string };

/**
 * The relay's durable queue and delivery log, over one SQLite database: a file on Node
 * (`node-sqlite.ts`), a Durable Object's own storage on Workers. Every write is one transaction
 * that either commits or leaves nothing behind, so a crash, a full disk or a failing write at
 * any point leaves a consistent log.
 */
/** Every statement the store runs, by what it does. */
function statements() {
  return {
    findByDedupe: "SELECT id FROM deliveries WHERE dedupe_key = ?",
    insert: `INSERT INTO deliveries
      (id, provider, event, delivery_id, repository, named, state, received_at, headers, body,
       dedupe_key, coalesce_key, coalesce_version, next_attempt_at, last_error, finished_at,
       related_id)
      VALUES ($id, $provider, $event, $deliveryId, $repository, $named, $state, $receivedAt, $headers,
       $body, $dedupeKey, $coalesceKey, $coalesceVersion, $nextAttemptAt, $lastError,
       $finishedAt, $relatedId)`,
    // What the store holds of an object already, in one look-up: whether a state of it waiting,
    // in flight or sent is newer than $version (the new one is then recorded as superseded), and
    // whether an older state of it is still waiting (the new one then supersedes it). Most
    // deliveries are the first of their object: neither, and the statements below do not run.
    held: `SELECT
      EXISTS (SELECT 1 FROM deliveries INDEXED BY deliveries_coalesce
        WHERE coalesce_key = $key AND $version IS NOT NULL AND coalesce_version > $version
          AND state IN ('queued', 'dispatching', 'dispatched', 'handled')) AS newer,
      EXISTS (SELECT 1 FROM deliveries INDEXED BY deliveries_coalesce
        WHERE coalesce_key = $key AND state = 'queued'
          AND (coalesce_version IS NULL OR $version IS NULL OR coalesce_version <= $version)) AS older`,
    // The newest of those newer states, which the new one is recorded as superseded by.
    newest: `SELECT id FROM deliveries INDEXED BY deliveries_coalesce
      WHERE coalesce_key = $key AND state IN ('queued', 'dispatching', 'dispatched', 'handled')
        AND coalesce_version IS NOT NULL AND $version IS NOT NULL
        AND coalesce_version > $version
      ORDER BY coalesce_version DESC, seq DESC LIMIT 1`,
    // Named, because the planner otherwise picks the index on state and reads every waiting
    // row (and its body's overflow pages, before coalesce_key) for each delivery received.
    supersede: `UPDATE deliveries INDEXED BY deliveries_coalesce
      SET state = 'superseded', finished_at = $now,
      related_id = $by, next_attempt_at = NULL
      WHERE coalesce_key = $key AND state = 'queued' AND id <> $by
        AND (coalesce_version IS NULL OR $version IS NULL OR coalesce_version <= $version)
    RETURNING seq`,
    // The first waiting delivery of each repository: order holds within a repository, and a
    // repository that waits (a backoff, a refusal) holds back no other.
    // The first waiting delivery of each repository, one index seek per repository (a GROUP
    // BY would read every waiting row): the lane without a repository, the first named lane,
    // then each next one.
    unnamedLane: `SELECT seq, repository, next_attempt_at AS at, attempts FROM deliveries
    INDEXED BY deliveries_queue_lanes WHERE state = 'queued' AND repository IS NULL
    ORDER BY seq LIMIT 1`,
    firstLane: `SELECT seq, repository, next_attempt_at AS at, attempts FROM deliveries
    INDEXED BY deliveries_queue_lanes WHERE state = 'queued' AND repository IS NOT NULL
    ORDER BY repository, seq LIMIT 1`,
    nextLane: `SELECT seq, repository, next_attempt_at AS at, attempts FROM deliveries
    INDEXED BY deliveries_queue_lanes WHERE state = 'queued' AND repository > $after
    ORDER BY repository, seq LIMIT 1`,
    // Whether an older delivery of the same repository is in flight.
    inFlightBefore: `SELECT 1 FROM deliveries INDEXED BY deliveries_in_flight
    WHERE state = 'dispatching' AND repository IS $repository AND seq < $seq LIMIT 1`,
    claim: `UPDATE deliveries SET state = 'dispatching', attempts = attempts + 1
      WHERE seq = $seq AND state = 'queued'
      RETURNING ${LOG_COLUMNS}, named, headers, body`,
    // What waits behind a lane's head, for a batch: in order, the head's own provider.
    behind: `SELECT seq, provider, received_at AS received FROM deliveries
      INDEXED BY deliveries_queue_lanes
      WHERE state = 'queued' AND repository IS $repository AND seq > $seq
      ORDER BY seq LIMIT $limit`,
    release: `UPDATE deliveries SET state = 'queued', attempts = attempts - 1
      WHERE seq = $seq AND state = 'dispatching'`,
    attempt:
      "INSERT INTO attempts (delivery_seq, at, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)",
    dispatched: `UPDATE deliveries SET state = 'dispatched', dispatched_at = $now,
      finished_at = $now, last_status = $status, last_error = NULL, next_attempt_at = NULL,
      batch_id = $batch, run_id = $runId, run_url = $runUrl WHERE seq = $seq`,
    finish: `UPDATE deliveries SET state = $state, finished_at = $now,
      last_status = $status, last_error = $error, next_attempt_at = NULL WHERE seq = $seq`,
    // A newer state of the same object, held since this one was claimed, replaces it.
    newerThan: `SELECT n.id AS id FROM deliveries d JOIN deliveries n
      ON n.coalesce_key = d.coalesce_key AND n.seq <> d.seq
      WHERE d.seq = $seq AND n.state IN ('queued', 'dispatching', 'dispatched', 'handled') AND ${NEWER}
      LIMIT 1`,
    retry: `UPDATE deliveries SET state = 'queued', last_status = $status,
      last_error = $error, next_attempt_at = $at WHERE seq = $seq`,
    superseded: `UPDATE deliveries SET state = 'superseded', finished_at = $now,
      last_status = $status, last_error = $error, related_id = $by, next_attempt_at = NULL
      WHERE seq = $seq`,
    recover:
      "UPDATE deliveries SET state = 'queued', next_attempt_at = $now WHERE state = 'dispatching' RETURNING seq",
    shift: `UPDATE deliveries SET next_attempt_at = next_attempt_at + $by
      WHERE state = 'queued' AND next_attempt_at IS NOT NULL RETURNING seq`,
    // As much room as a typical delivery needs, written and freed in one transaction: a
    // store that has this can take deliveries again.
    probe:
      "INSERT INTO meta (key, value) VALUES ('probe', zeroblob(131072)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    unprobe: "DELETE FROM meta WHERE key = 'probe'",
    pending: `SELECT COUNT(*) AS count, MIN(received_at) AS oldest FROM deliveries
      WHERE state IN ('queued', 'dispatching')`,
    failedCount: "SELECT COUNT(*) AS count FROM deliveries WHERE state = 'failed'",
    prune: `DELETE FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < $before
      AND state NOT IN ('queued', 'dispatching') RETURNING seq`,
    pruneAttempts: `DELETE FROM attempts WHERE delivery_seq IN (SELECT seq FROM deliveries
    WHERE finished_at IS NOT NULL AND finished_at < $before
    AND state NOT IN ('queued', 'dispatching'))`,
    redeliver: `UPDATE deliveries SET state = 'queued', next_attempt_at = $now,
      finished_at = NULL, last_error = NULL, redelivered_at = $now
      WHERE id = $id AND state IN ('failed', 'dispatched', 'handled', 'superseded', 'filtered')
      RETURNING id`,
    get: `SELECT ${LOG_COLUMNS} FROM deliveries WHERE id = ?`,
    // Only over a dispatched delivery, and only a report signed later than the one kept: an
    // older report sent again (a replay) changes nothing.
    handled: `UPDATE deliveries SET state = 'handled', report = $report, reported_at = $now
      WHERE id = $id AND state IN ('dispatched', 'handled')
        AND (report IS NULL OR json_extract(report, '$.signedAt') < $signedAt)
      RETURNING id`,
    body: "SELECT body FROM deliveries WHERE id = ?",
    attempts: `SELECT at, status, duration_ms, error FROM attempts
      WHERE delivery_seq = (SELECT seq FROM deliveries WHERE id = ?) ORDER BY at, rowid`,
  };
}

export class DeliveryStore {
  readonly #db: SqlDatabase;
  readonly #statements: ReturnType<typeof statements>;
  #health: StoreHealth = { writable: true };

  /** The store over `db`, its schema created or brought up to date, and one write made at once. */
  static over(db: SqlDatabase): DeliveryStore {
    migrate(db);
    const store = new DeliveryStore(db);
    // A write at start: a read-only or immutable database fails here rather than at the first
    // delivery.
    store.#write(() =>
      db.run(
        "INSERT INTO meta (key, value) VALUES ('opened_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [new Date().toISOString()],
      ),
    );
    return store;
  }

  private constructor(db: SqlDatabase) {
    this.#db = db;
    this.#statements = statements();
  }

  #all(sql: string, params?: SqlParams): Row[] {
    return this.#db.all(sql, params);
  }

  #get(sql: string, params?: SqlParams): Row | undefined {
    return this.#db.all(sql, params)[0];
  }

  /** One write transaction; a storage failure is remembered for {@link health} and thrown. */
  #write<T>(work: () => T): T {
    try {
      const result = this.#db.transaction(work);
      this.#health = { writable: true };
      return result;
    } catch (error) {
      if (error instanceof StoreUnavailable)
        this.#health = { writable: false, error: error.message };
      throw error;
    }
  }

  /** Whether the last write committed; while it did not, each call tries one small write. */
  health(): StoreHealth {
    if (!this.#health.writable) {
      try {
        this.#write(() => {
          this.#db.run(this.#statements.probe);
          this.#db.run(this.#statements.unprobe);
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
            : (this.#get(s.findByDedupe, [item.dedupeKey]) as { id: string } | undefined);
        const version = item.coalesceVersion ?? null;
        const key = { $key: item.coalesceKey ?? null, $version: version };
        const held =
          original || item.filtered !== undefined || item.coalesceKey === undefined
            ? undefined
            : (this.#get(s.held, key) as { newer: number; older: number });
        const newer = held?.newer
          ? (this.#get(s.newest, key) as { id: string } | undefined)?.id
          : undefined;
        const state: DeliveryState = original
          ? "duplicate"
          : item.filtered !== undefined
            ? "filtered"
            : newer
              ? "superseded"
              : "queued";
        this.#db.run(s.insert, {
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
          $relatedId: original?.id ?? newer ?? null,
        });
        if (original) return { kind: "duplicate", id: item.id, of: original.id };
        if (state === "filtered")
          return { kind: "filtered", id: item.id, why: item.filtered ?? "" };
        if (newer) return { kind: "superseded", id: item.id, by: newer };
        const superseded = held?.older
          ? this.#all(s.supersede, { ...key, $now: now, $by: item.id }).length
          : 0;
        return { kind: "queued", id: item.id, superseded };
      }),
    );
  }

  /**
   * The first waiting delivery of each repository, oldest first: one waiting out a backoff holds
   * back its repository's later ones, and no repository holds back another.
   */
  laneHeads(): LaneHead[] {
    const s = this.#statements;
    const rows: Row[] = [];
    const unnamed = this.#get(s.unnamedLane);
    if (unnamed) rows.push(unnamed);
    let lane = this.#get(s.firstLane);
    while (lane && rows.length < MAX_LANES) {
      rows.push(lane);
      lane = this.#get(s.nextLane, { $after: lane.repository as string });
    }
    return rows
      .map((row) => ({
        seq: Number(row.seq),
        repository: row.repository === null ? null : String(row.repository),
        nextAttemptAt: row.at === null ? 0 : Number(row.at),
        attempts: Number(row.attempts),
      }))
      .sort((a, b) => a.seq - b.seq);
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
      (lane) => lane.nextAttemptAt <= now && this.#mayOvertake(lane) && ready(lane.repository),
    );
    if (!head) return [];
    const rows = this.#write(() => {
      const first = this.#get(this.#statements.claim, { $seq: head.seq }) as Row | undefined;
      if (!first || !batch || batch.max < 2) return first ? [first] : [];
      const taken = [first];
      const until = Number(first.received_at) + batch.windowMs;
      const behind = this.#all(this.#statements.behind, {
        $repository: head.repository,
        $seq: head.seq,
        $limit: batch.max - 1,
      }) as { seq: number; provider: string; received: number }[];
      for (const row of behind) {
        if (row.provider !== first.provider || Number(row.received) > until) break;
        const claimed = this.#get(this.#statements.claim, { $seq: row.seq }) as Row | undefined;
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
      body: bytesOf(row.body),
    }));
  }

  /**
   * New deliveries follow older ones of their repository out while those are in flight (sent in
   * order, many at once); one that failed before goes only once nothing older is in flight, so
   * retries keep the order they were received in.
   */
  #mayOvertake(lane: LaneHead): boolean {
    if (lane.attempts === 0) return true;
    return (
      this.#get(this.#statements.inFlightBefore, {
        $repository: lane.repository,
        $seq: lane.seq,
      }) === undefined
    );
  }

  /** Claimed deliveries that were not attempted after all (a batch they did not fit in): queued again. */
  release(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.#write(() => {
      for (const seq of seqs) this.#db.run(this.#statements.release, { $seq: seq });
    });
  }

  #record(seq: number, attempt: Attempt): void {
    this.#db.run(this.#statements.attempt, [
      seq,
      attempt.at,
      attempt.status,
      attempt.durationMs,
      attempt.error,
    ]);
  }

  /**
   * GitHub accepted the dispatch that held these deliveries (`batchId` when they went together,
   * `run` when GitHub named the run it started).
   */
  markDispatched(
    seqs: readonly number[],
    attempt: Attempt,
    batchId: string | null = null,
    run: StartedRun | null = null,
  ): void {
    this.#write(() => {
      for (const seq of seqs) {
        this.#record(seq, attempt);
        this.#db.run(this.#statements.dispatched, {
          $now: attempt.at,
          $status: attempt.status,
          $seq: seq,
          $batch: batchId,
          $runId: run?.id ?? null,
          $runUrl: run?.url ?? null,
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
        this.#db.run(this.#statements.finish, {
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
        const newer = this.#get(this.#statements.newerThan, { $seq: seq }) as
          | { id: string }
          | undefined;
        const facts = { $status: attempt.status, $error: attempt.error, $seq: seq };
        if (newer) {
          this.#db.run(this.#statements.superseded, { ...facts, $now: attempt.at, $by: newer.id });
          superseded += 1;
        } else this.#db.run(this.#statements.retry, { ...facts, $at: at });
      }
      return superseded;
    });
  }

  /**
   * At start-up: deliveries left `dispatching` by a crash go back to the queue. GitHub may have
   * accepted some of them before the crash; those are dispatched twice (the at-least-once window).
   */
  recoverInterrupted(now: number): number {
    return this.#write(() => this.#all(this.#statements.recover, { $now: now }).length);
  }

  /**
   * The wall clock moved by `ms` (stepped back: negative): every waiting delivery's next attempt
   * moves with it, so each keeps the wait it was given, no longer and no shorter.
   */
  shiftSchedule(ms: number): number {
    return this.#write(() => this.#all(this.#statements.shift, { $by: Math.round(ms) }).length);
  }

  stats(now: number): QueueStats {
    const pending = this.#get(this.#statements.pending) as { count: number; oldest: number | null };
    const failed = this.#get(this.#statements.failedCount) as { count: number };
    return {
      pending: Number(pending.count),
      oldestPendingAgeSeconds:
        pending.oldest === null ? 0 : Math.max(0, Math.floor((now - pending.oldest) / 1000)),
      failed: Number(failed.count),
    };
  }

  /** Deletes finished deliveries (and their attempts) older than `retentionMs`. */
  prune(now: number, retentionMs: number): number {
    return this.#write(() => {
      const before = { $before: now - retentionMs };
      this.#db.run(this.#statements.pruneAttempts, before);
      return this.#all(this.#statements.prune, before).length;
    });
  }

  /** Queues a finished delivery again (a dead letter, or one to send once more); false if none. */
  redeliver(id: string, now: number): boolean {
    return this.#write(() => this.#redeliver(id, now));
  }

  #redeliver(id: string, now: number): boolean {
    return this.#get(this.#statements.redeliver, { $id: id, $now: now }) !== undefined;
  }

  /**
   * Queues each of `ids` again in one transaction (one disk sync); returns the ids that were
   * finished and are now queued.
   */
  redeliverMany(ids: readonly string[], now: number): string[] {
    return this.#write(() => ids.filter((id) => this.#redeliver(id, now)));
  }

  /**
   * Records the verified report of the run that handled a dispatched delivery; false when the
   * delivery is not (or no longer) dispatched, or holds a report signed as late or later.
   */
  recordReport(id: string, report: StoredReport, now: number): boolean {
    return this.#write(
      () =>
        this.#get(this.#statements.handled, {
          $id: id,
          $report: JSON.stringify(report),
          $now: now,
          $signedAt: report.signedAt,
        }) !== undefined,
    );
  }

  /** The raw body as received; empty for a copy (its original holds it). */
  body(id: string): Uint8Array | undefined {
    const row = this.#get(this.#statements.body, [id]);
    return row && bytesOf(row.body);
  }

  get(id: string): StoredDelivery | undefined {
    const row = this.#get(this.#statements.get, [id]) as Row | undefined;
    return row && toStored(row);
  }

  attempts(id: string): Attempt[] {
    return (this.#all(this.#statements.attempts, [id]) as Row[]).map((row) => ({
      at: Number(row.at),
      status: row.status === null ? null : Number(row.status),
      durationMs: Number(row.duration_ms),
      error: row.error === null ? null : String(row.error),
    }));
  }

  /** The delivery log, newest first; pass the last row's `seq` as `before` for the next page. */
  list(query: ListQuery = {}): StoredDelivery[] {
    const where: string[] = [];
    const params: Record<string, SqlValue> = {};
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
    return (this.#all(sql, params) as Row[]).map(toStored);
  }

  close(): void {
    this.#db.close();
  }
}
