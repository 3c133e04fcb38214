/**
 * The little of SQLite the delivery store needs, synchronous, so one store runs on both engines
 * the relay has: `node:sqlite` on Node and a SQLite-backed Durable Object's `ctx.storage.sql`
 * on Workers. Statements name their parameters `$name` (given as an object) or use `?` (given
 * as an array); each adapter passes them the way its engine takes them.
 */
export type SqlValue = null | number | string | Uint8Array;

export type SqlParams = Readonly<Record<string, SqlValue>> | readonly SqlValue[];

/** A row as the engine gives it; a blob is a `Uint8Array` on Node and an `ArrayBuffer` on Workers. */
export type SqlRow = Record<string, SqlValue | ArrayBuffer | bigint>;

/** A statement with each `$name` made a `?`, and the names those stand for, in order. */
export interface Positional {
  readonly text: string;
  /** The `$name` each `?` stands for, in order; a name used twice is listed twice. */
  readonly names: readonly string[];
}

/**
 * `$name` parameters rewritten as plain `?` ones, for the engines that bind by position: a
 * Durable Object's SQL takes nothing else, and node:sqlite binds a row's dozen-odd values by
 * position in a fraction of the time it takes to match them by name. The rewrite reads no SQL:
 * a `$word` inside a string literal would be taken for a parameter too, and the store's
 * statements hold none (their JSON paths start `$.`, which is left alone).
 */
export function positional(sql: string): Positional {
  const names: string[] = [];
  const text = sql.replace(/\$[A-Za-z_]\w*/g, (name) => {
    names.push(name);
    return "?";
  });
  return { text, names };
}

export interface SqlDatabase {
  /** Runs a script of statements without parameters (the schema). */
  exec(script: string): void;
  /** Runs one statement and returns its rows (`RETURNING` rows for a write). */
  all(sql: string, params?: SqlParams): SqlRow[];
  /** Runs one statement for its effect. */
  run(sql: string, params?: SqlParams): void;
  /**
   * Runs `work` as one transaction: it commits, or nothing of it stays. A failure of the storage
   * itself (a full, failing or read-only disk) is thrown as {@link StoreUnavailable}.
   */
  transaction<T>(work: () => T): T;
  /** The column names of `table`, for migrations. */
  columns(table: string): string[];
  close(): void;
}

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
