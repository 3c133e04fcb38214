import { closeSync, fsync, openSync } from "node:fs";
import { StoreUnavailable } from "./sql.ts";

/**
 * What makes the Node store's commits durable. The database runs `synchronous = NORMAL`, so a
 * COMMIT writes its pages to the write-ahead log without waiting for the disk, and the log's
 * `fsync` runs here, on libuv's thread pool, while the event loop goes on reading and
 * verifying the next requests. A delivery is answered only once a sync begun after its commit
 * has finished: the guarantee of `synchronous = FULL` (the log on disk before the `202`),
 * without the event loop standing still for the disk. At most one sync is in flight; commits
 * made meanwhile share the next one.
 */
export interface WalSync {
  /** A commit was written to the log: a sync covering it starts now, or after the one in flight. */
  committed(): void;
  /** Resolves once every commit so far is on disk; rejects with {@link StoreUnavailable}. */
  durable(): Promise<void>;
  close(): void;
}

export function createWalSync(walFile: string, dataDir: string): WalSync {
  let fd: number | undefined;
  /** Commits written to the log, and how many of them a finished sync covers. */
  let written = 0;
  let synced = 0;
  let running: { readonly covers: number; readonly done: Promise<void> } | undefined;
  let next: Promise<void> | undefined;

  function syncNow(): Promise<void> {
    const covers = written;
    const done = new Promise<void>((resolve, reject) => {
      try {
        // Opened at the first sync: SQLite creates the log with the first write.
        fd ??= openSync(walFile, "r+");
      } catch (error) {
        reject(unavailable(error, dataDir));
        return;
      }
      fsync(fd, (error) => {
        if (error) reject(unavailable(error, dataDir));
        else {
          synced = Math.max(synced, covers);
          resolve();
        }
      });
    }).finally(() => {
      running = undefined;
    });
    running = { covers, done };
    return done;
  }

  function durable(): Promise<void> {
    const needed = written;
    if (synced >= needed) return Promise.resolve();
    if (running === undefined) return syncNow();
    // A sync begun before this commit may have missed it: the next one covers it.
    if (running.covers >= needed) return running.done;
    next ??= running.done
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return durable();
      });
    return next;
  }

  return {
    committed() {
      written += 1;
      // Whoever waits for this commit sees a failure; a commit nobody waits for (a dispatch's
      // mark) is made durable by the next sync that succeeds.
      durable().catch(() => undefined);
    },
    durable,
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function unavailable(error: unknown, dataDir: string): StoreUnavailable {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "SQLITE_IOERR";
  const said = error instanceof Error ? error.message : String(error);
  return new StoreUnavailable(
    code,
    `The delivery store in ${dataDir} cannot make its write-ahead log durable (${said}); check that the disk under it is mounted, writable and healthy.`,
  );
}
