import { setTimeout as delay } from "node:timers/promises";
import packageJson from "../../package.json" with { type: "json" };
import { describeError, HookbridgeError } from "../core/errors.ts";
import { type Connection, openConnection } from "../http-client/http-connection.ts";
import { type ActionsCore, commandSafeCore, runnerCore } from "../runner/actions-core.ts";
import { readRunContext } from "./context.ts";
import { DEFAULT_POLICY, DeliveryFailedError, deliverAll, type RetryPolicy } from "./deliver.ts";
import { buildHook, withDelivery, withExtraPayload } from "./deveo-hook.ts";
import { deliveryHeaders, type HeaderContext } from "./headers.ts";
import { type EmitSettings, readSettings } from "./inputs.ts";
import { failureMessage, logLine, outputValues, summaryText } from "./outputs.ts";
import { encodeBody } from "./payload.ts";

export const USER_AGENT = `hookbridge-emit/${packageJson.version}`;

export interface RunDeps {
  readonly core: ActionsCore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openConnection: (settings: EmitSettings) => Promise<Connection>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly newId: () => string;
}

export function defaultDeps(): RunDeps {
  return {
    core: runnerCore(process.env),
    env: process.env,
    openConnection: async (settings) =>
      openConnection({ insecureSsl: settings.insecureSsl, env: process.env }),
    now: Date.now,
    sleep: (ms) => delay(ms),
    random: Math.random,
    newId: () => crypto.randomUUID(),
  };
}

function describeSigning(settings: EmitSettings): string {
  if (settings.secret === undefined) return "unsigned (no secret)";
  if (settings.signature === "none") return "unsigned (signature: none)";
  return settings.signature === "standard"
    ? "signed with X-Hub-Signature, X-Hub-Signature-256 and Standard Webhooks headers"
    : "signed with X-Hub-Signature and X-Hub-Signature-256";
}

async function writeSummary(deps: RunDeps, text: string) {
  try {
    await deps.core.summary.addRaw(text).write();
  } catch (error) {
    // Outside a runner there is no summary file; the log already has every result.
    deps.core.debug(`No job summary written: ${describeError(error)}`);
  }
}

async function emit(deps: RunDeps): Promise<void> {
  const settings = readSettings(deps.core);
  if (settings.insecureSsl) {
    deps.core.warning(
      "insecure-ssl is on: receivers' TLS certificates are not verified, so anyone on the network path could read or alter these deliveries.",
    );
  }
  if (settings.secret === undefined && settings.signature !== "none") {
    // An empty secret is usually a repository secret that is missing or not passed to a
    // reusable workflow; receivers that verify will refuse these deliveries.
    deps.core.warning(
      "No secret is set, so the deliveries are unsigned: pass the shared secret in the secret input (or set signature: none to send unsigned on purpose).",
    );
  }
  const context = readRunContext(deps.env);
  const hook = await buildHook(settings, context);
  const deliveryId = deps.newId();
  const body = encodeBody(
    withDelivery(withExtraPayload(hook.payload, settings.extraPayload), deliveryId, deps.now()),
    settings.contentType,
  );
  const headerContext: HeaderContext = {
    body: body.bytes,
    contentType: body.contentType,
    deliveryId,
    event: hook.event,
    userAgent: USER_AGENT,
    signature: settings.signature,
    secret: settings.secret,
    extraHeaders: settings.extraHeaders,
  };
  const policy: RetryPolicy = {
    ...DEFAULT_POLICY,
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
  };
  const noun = settings.urls.length === 1 ? "URL" : "URLs";
  deps.core.info(
    `Sending Deveo ${hook.event} hook ${deliveryId} (${body.bytes.length} bytes, ${settings.contentType}, ${describeSigning(settings)}) to ${settings.urls.length} ${noun}.`,
  );

  const connection = await deps.openConnection(settings);
  let results: Awaited<ReturnType<typeof deliverAll>>;
  try {
    results = await deliverAll(
      settings.urls,
      body.bytes,
      () => deliveryHeaders(headerContext, deps.now()),
      policy,
      {
        dispatcher: connection.dispatcher,
        now: deps.now,
        sleep: deps.sleep,
        random: deps.random,
        debug: (line) => deps.core.debug(line),
      },
    );
  } finally {
    await connection.close();
  }

  for (const result of results) deps.core.info(logLine(deliveryId, result));
  for (const [name, value] of Object.entries(outputValues(deliveryId, results)))
    deps.core.setOutput(name, value);
  const delivered = results.filter((result) => result.ok).length;
  await writeSummary(
    deps,
    summaryText(
      `hookbridge emit: ${hook.event}, ${delivered} of ${results.length} delivered`,
      deliveryId,
      results,
    ),
  );

  const failure = failureMessage(deliveryId, results);
  if (failure === undefined) return;
  if (settings.failOnError) throw new DeliveryFailedError(failure);
  deps.core.warning(failure);
}

function failureText(error: unknown): string {
  if (error instanceof HookbridgeError || error instanceof DeliveryFailedError)
    return error.message;
  return `The emit action stopped on an unexpected error (${describeError(error)}); re-run the job with debug logging on and report it if it happens again.`;
}

/** The action: every failure, of any type, ends here as one failed-step message. */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  const safe = { ...deps, core: commandSafeCore(deps.core) };
  try {
    await emit(safe);
  } catch (error: unknown) {
    safe.core.setFailed(failureText(error));
  }
}
