import type { LoadResult } from "../load/result.ts";
import type { ChildServer } from "./child.ts";
import type { BenchContext } from "./context.ts";

export interface Measured {
  readonly load: LoadResult;
  /** The server's counters over the measured load only. */
  readonly stats: Record<string, unknown>;
}

/**
 * Loads `server` for `seconds` from `poolFile` and stops it. With BENCH_LOAD_WARMUP, the same
 * load comes first, unmeasured, from `warmupPoolFile`: bodies of their own, so the measured ones
 * stay unseen, and the figure is the steady state rather than the first second's compiling.
 */
export async function measureServer(
  ctx: BenchContext,
  server: ChildServer,
  options: { readonly poolFile: string; readonly warmupPoolFile: string; readonly seconds: number },
): Promise<Measured> {
  const load = (poolFile: string, seconds: number) =>
    ctx.load.run({
      url: server.url,
      path: "/deepsource",
      connections: ctx.knobs.connections,
      seconds,
      poolFile,
      prefix: ctx.pin.load,
    });
  try {
    if (ctx.knobs.loadWarmup > 0) {
      await load(options.warmupPoolFile, ctx.knobs.loadWarmup);
      // Starts the server's CPU count afresh, so it covers only the measured load.
      await server.stats();
    }
    const measured = await load(options.poolFile, options.seconds);
    return { load: measured, stats: await server.stats() };
  } finally {
    await server.stop();
  }
}
