import type { DurableObjectStorage, SqlStorageValue } from "@cloudflare/workers-types/index.ts";
import type { Positional, SqlDatabase, SqlParams, SqlRow, SqlValue } from "../../queue/sql.ts";
import { positional, StoreUnavailable } from "../../queue/sql.ts";

/** A value as the Durable Object binds it: blobs as an `ArrayBuffer` of their own. */
function bindable(value: SqlValue | undefined): SqlStorageValue {
  if (value === undefined) return null;
  if (value instanceof Uint8Array)
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return value;
}

/** The storage's own failure (its size limit, say) named by SQLite's code, as on Node. */
function storeError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const code = /\b(SQLITE_[A-Z]+)\b/.exec(message)?.[1];
  if (code === undefined || code === "SQLITE_ERROR" || code === "SQLITE_CONSTRAINT") return error;
  return new StoreUnavailable(code, `The delivery store cannot write (${code}: ${message}).`);
}

/**
 * The store's SQL interface over a SQLite-backed Durable Object's storage. Its SQL has no
 * BEGIN or COMMIT: a transaction is `transactionSync`, and whatever the object wrote is durable
 * before any answer it gives leaves it (the output gate).
 */
export function durableDatabase(storage: DurableObjectStorage): SqlDatabase {
  const rewritten = new Map<string, Positional>();
  function all(sql: string, params?: SqlParams): SqlRow[] {
    let bindings: SqlStorageValue[];
    let text = sql;
    if (params === undefined) bindings = [];
    else if (Array.isArray(params)) bindings = params.map(bindable);
    else {
      let found = rewritten.get(sql);
      if (!found) {
        found = positional(sql);
        rewritten.set(sql, found);
      }
      text = found.text;
      const named = params as Readonly<Record<string, SqlValue>>;
      bindings = found.names.map((name) => bindable(named[name]));
    }
    // Read to the end: a cursor runs its statement as it is read.
    return storage.sql.exec(text, ...bindings).toArray() as SqlRow[];
  }
  return {
    exec(script) {
      for (const statement of script.split(";")) {
        if (statement.trim() !== "") storage.sql.exec(statement);
      }
    },
    all,
    run(sql, params) {
      all(sql, params);
    },
    transaction(work) {
      try {
        return storage.transactionSync(work);
      } catch (error) {
        throw storeError(error);
      }
    },
    columns: (table) => storage.sql.exec(`SELECT * FROM ${table} LIMIT 0`).columnNames,
    close() {
      // The storage is the object's own; there is nothing to close.
    },
  };
}
