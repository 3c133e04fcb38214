import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { DATABASE_FILE, openDurableNodeStore } from "../../src/relay/queue/node-sqlite.ts";
import { StoreUnavailable } from "../../src/relay/queue/sql.ts";
import type { NewDelivery } from "../../src/relay/queue/store.ts";
import { createWalSync } from "../../src/relay/queue/wal-sync.ts";
import { tempDir } from "./queue-support.ts";

const T0 = Date.UTC(2026, 0, 1);

function row(n: number): NewDelivery {
  return {
    id: `relay-${n}`,
    provider: "deepsource",
    event: "analysis_run.updated",
    deliveryId: `d-${n}`,
    repository: "acme/app",
    named: null,
    receivedAt: T0,
    dueAt: T0,
    headers: {},
    body: new TextEncoder().encode("{}"),
    dedupeKey: `deepsource:d-${n}`,
    coalesceKey: undefined,
  };
}

describe("the Node store's write-ahead log sync", () => {
  it("says when the commits so far are synced, and a reader sees what they wrote", async () => {
    const local = tempDir();
    const { store, durable } = openDurableNodeStore(local.path);
    try {
      const results = store.insertBatch([row(1)], T0);
      expect(results).toEqual([{ kind: "queued", id: "relay-1", superseded: 0 }]);
      await expect(durable()).resolves.toBeUndefined();
      // Once more with nothing new: nothing left to wait for.
      await expect(durable()).resolves.toBeUndefined();
      expect(existsSync(join(local.path, `${DATABASE_FILE}-wal`))).toBe(true);
      const reader = new DatabaseSync(join(local.path, DATABASE_FILE), { readOnly: true });
      try {
        expect(reader.prepare("SELECT count(*) AS n FROM deliveries").get()).toEqual({ n: 1 });
      } finally {
        reader.close();
      }
    } finally {
      store.close();
      local.remove();
    }
  });

  it("fails every wait for a commit it cannot sync, naming the cause, and succeeds once it can", async () => {
    const local = tempDir();
    const wal = join(local.path, "missing", "deliveries.sqlite-wal");
    const sync = createWalSync(wal, local.path);
    try {
      sync.committed();
      sync.committed();
      const failed = await sync.durable().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(StoreUnavailable);
      expect((failed as StoreUnavailable).code).toBe("ENOENT");
      expect((failed as Error).message).toContain(local.path);
      // A sync that fails covers nothing: the commits still wait, and the next good sync covers them.
      mkdirSync(join(local.path, "missing"));
      const db = new DatabaseSync(join(local.path, "missing", DATABASE_FILE));
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("CREATE TABLE IF NOT EXISTS t (x)");
      db.exec("INSERT INTO t VALUES (1)");
      try {
        await expect(sync.durable()).resolves.toBeUndefined();
      } finally {
        db.close();
      }
    } finally {
      sync.close();
      rmSync(local.path, { recursive: true, force: true });
    }
  });

  it("lets commits made while a sync is in flight wait for the next one, and resolves them all", async () => {
    const local = tempDir();
    const { store, durable } = openDurableNodeStore(local.path);
    try {
      const waits: Promise<void>[] = [];
      for (let n = 0; n < 20; n += 1) {
        store.insertBatch([row(n)], T0);
        waits.push(durable());
      }
      await expect(Promise.all(waits)).resolves.toHaveLength(20);
      expect(store.stats(T0).pending).toBe(20);
    } finally {
      store.close();
      local.remove();
    }
  });
});
