/**
 * The relay contract in queue mode on both hosts: the Node relay over node:sqlite, and the built
 * Worker in workerd with its Durable Object's SQLite storage, one relay per variant.
 */
import { queuedRelayContract } from "./contract.ts";
import { nodeHost, type RunningRelay, workerHost } from "./queue-hosts.ts";
import type { Variant } from "./support.ts";

for (const host of [nodeHost, workerHost()]) {
  queuedRelayContract(host.name, async (envs) => {
    const lines: string[] = [];
    const relays = Object.fromEntries(
      await Promise.all(
        Object.entries(envs).map(
          async ([variant, env]) => [variant, await host.startWith(env, lines)] as const,
        ),
      ),
    ) as Record<Variant, RunningRelay>;
    return {
      fetch: (variant, path, init) => relays[variant].fetch(path, init),
      // Each relay's own wait for its output, then every relay's lines in the order written.
      logs: async () => {
        await Promise.all(Object.values(relays).map((relay) => relay.logs()));
        return lines;
      },
      close: async () => {
        await Promise.all(Object.values(relays).map((relay) => relay.close()));
      },
    };
  });
}
