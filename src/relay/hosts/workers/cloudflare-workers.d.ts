/**
 * The one class the relay takes from `cloudflare:workers` (workerd provides the module): a
 * Durable Object that extends it can be called over RPC. Declared here because the full
 * workers-types would replace the DOM and Node globals the rest of the code is checked against.
 */
declare module "cloudflare:workers" {
  import type { DurableObjectState } from "@cloudflare/workers-types/index.ts";

  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
