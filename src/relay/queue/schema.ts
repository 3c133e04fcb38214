import type { SqlDatabase } from "./sql.ts";

/**
 * The delivery store's schema, in one place for both engines. A column is added by writing it in
 * the table below and in {@link ADDED_COLUMNS} (so an older database gains it in place), then
 * reading it in the store's row mapping.
 *
 * Each index is written at every insert, inside the commit a provider waits for, so none is kept
 * that no query needs: `deliveries_by_state` also serves what waits (its `queued` range is in
 * receipt order), so `deliveries_waiting`, which held only that, is dropped from an older
 * database the first time it is opened.
 */
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
  batch_id TEXT,
  report TEXT,
  reported_at INTEGER,
  run_id INTEGER,
  run_url TEXT
);
DROP INDEX IF EXISTS deliveries_waiting;
CREATE INDEX IF NOT EXISTS deliveries_coalesce ON deliveries (coalesce_key, seq) WHERE coalesce_key IS NOT NULL;
DROP INDEX IF EXISTS deliveries_lanes;
CREATE INDEX IF NOT EXISTS deliveries_queue_lanes ON deliveries (repository, seq)
  WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_in_flight ON deliveries (repository, seq)
  WHERE state = 'dispatching';
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
export const ADDED_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ["redelivered_at", "INTEGER"],
  ["coalesce_version", "REAL"],
  ["named", "TEXT"],
  ["batch_id", "TEXT"],
  ["report", "TEXT"],
  ["reported_at", "INTEGER"],
  ["run_id", "INTEGER"],
  ["run_url", "TEXT"],
];

/**
 * Creates what is missing and adds the columns an older database lacks. Foreign keys are not
 * relied on (a Durable Object's SQLite may not enforce them): the store deletes attempts itself.
 */
export function migrate(db: SqlDatabase): void {
  db.exec(SCHEMA);
  const columns = db.columns("deliveries");
  for (const [name, type] of ADDED_COLUMNS) {
    if (!columns.includes(name)) db.exec(`ALTER TABLE deliveries ADD COLUMN ${name} ${type}`);
  }
}
