import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { HookbridgeError } from "../../core/errors.ts";
import type { SqlDatabase, SqlParams, SqlRow } from "./sql.ts";
import { positional, StoreUnavailable } from "./sql.ts";
import { DeliveryStore } from "./store.ts";
import { createWalSync, type WalSync } from "./wal-sync.ts";

/** The database file's name inside `HOOKBRIDGE_DATA_DIR`. */
export const DATABASE_FILE = "deliveries.sqlite";

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

/** A statement prepared once, with the names its `?` stand for (empty: bound as given). */
interface Prepared {
  readonly statement: StatementSync;
  readonly names: readonly string[];
}

/**
 * The store's SQL interface over node:sqlite: statements prepared once, kept by their text, and
 * `$name` parameters bound by position (see {@link positional}).
 */
function nodeDatabase(db: DatabaseSync, dataDir: string, walSync: WalSync): SqlDatabase {
  const prepared = new Map<string, Prepared>();
  function statement(sql: string): Prepared {
    let found = prepared.get(sql);
    if (!found) {
      const { text, names } = positional(sql);
      found = { statement: db.prepare(text), names };
      prepared.set(sql, found);
    }
    return found;
  }
  function call(sql: string, params: SqlParams | undefined, rows: boolean): SqlRow[] {
    const { statement: prepared, names } = statement(sql);
    let args: SQLInputValue[];
    if (params === undefined) args = [];
    else if (Array.isArray(params)) args = params as SQLInputValue[];
    else {
      const named = params as Readonly<Record<string, SQLInputValue>>;
      args = names.map((name) => named[name] ?? null);
    }
    if (!rows) {
      prepared.run(...args);
      return [];
    }
    return prepared.all(...args) as SqlRow[];
  }
  return {
    exec: (script) => db.exec(script),
    all: (sql, params) => call(sql, params, true),
    run: (sql, params) => {
      call(sql, params, false);
    },
    /**
     * It commits, or it is rolled back and the cause is thrown as SQLite gave it: SQLite may
     * already have rolled back itself (a full disk does), and a ROLLBACK then would only hide
     * the cause behind "no transaction is active".
     */
    transaction(work) {
      try {
        db.exec("BEGIN IMMEDIATE");
        const result = work();
        db.exec("COMMIT");
        walSync.committed();
        return result;
      } catch (error) {
        if (db.isOpen && db.isTransaction) {
          try {
            db.exec("ROLLBACK");
          } catch {
            // The cause below is what matters.
          }
        }
        throw storeError(error, dataDir);
      }
    },
    columns: (table) =>
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (column) => column.name,
      ),
    close: () => {
      if (db.isOpen) db.close();
      walSync.close();
    },
  };
}

/** The Node relay's delivery store, and what tells when its commits are on disk. */
export interface DurableNodeStore {
  readonly store: DeliveryStore;
  /** Resolves once every commit so far is on disk (see {@link WalSync}). */
  readonly durable: () => Promise<void>;
}

/**
 * The Node relay's delivery store: one SQLite database in WAL mode in `dataDir` (created if
 * missing). Throws a ConfigError naming the directory if it cannot be opened and written.
 */
export function openDurableNodeStore(dataDir: string): DurableNodeStore {
  try {
    const file = join(dataDir, DATABASE_FILE);
    privateFiles(dataDir, file);
    const db = new DatabaseSync(file);
    db.exec("PRAGMA journal_mode = WAL");
    // The log's sync runs off the event loop (wal-sync.ts): what waits for it is the answer.
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    const walSync = createWalSync(`${file}-wal`, dataDir);
    const store = DeliveryStore.over(nodeDatabase(db, dataDir, walSync));
    privateFiles(dataDir, file);
    return { store, durable: walSync.durable };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new HookbridgeError(
      "ConfigError",
      `HOOKBRIDGE_DATA_DIR "${dataDir}" cannot hold the delivery queue (${cause}); point it at a directory the relay can create and write, or set HOOKBRIDGE_DELIVERY=sync.`,
    );
  }
}

/** The store alone, for what reads and writes it without answering a provider (the tests). */
export function openNodeStore(dataDir: string): DeliveryStore {
  return openDurableNodeStore(dataDir).store;
}
