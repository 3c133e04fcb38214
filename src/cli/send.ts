import { parseArgs } from "node:util";
import { BODY_FORMATS, type BodyFormat, encodeJsonBody, MEDIA_TYPES } from "../core/body-format.ts";
import { fromUtf8 } from "../core/bytes.ts";
import { HookbridgeError } from "../core/errors.ts";
import { PROVIDERS, type ProviderName, signatureScheme } from "../core/providers.ts";
import { readBody } from "./read-body.ts";
import { environment, type Io, provider, signingSecret } from "./sign-verify.ts";

export const SEND_OPTIONS = {
  provider: { type: "string" },
  secret: { type: "string" },
  url: { type: "string" },
  file: { type: "string" },
  now: { type: "boolean" },
  event: { type: "string" },
  id: { type: "string" },
  "content-type": { type: "string", default: "json" },
  "token-header": { type: "string" },
} as const;

/**
 * `--now`: a provider that signs a time in the body (DevRev's `timestamp`) has it held to the
 * relay's replay window, so a sample body is stamped afresh before it is signed. Other providers
 * sign no time in the body.
 */
export function refreshTimestamp(
  name: ProviderName,
  body: Uint8Array<ArrayBuffer>,
  now: Date,
): Uint8Array<ArrayBuffer> {
  const { bodyTimestamp: field, displayName } = PROVIDERS[name];
  if (field === undefined) return body;
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(body));
  } catch {
    throw new HookbridgeError(
      "BadRequest",
      "--now needs a JSON body to stamp, and this one does not parse: check --file.",
    );
  }
  if (!json || typeof json !== "object" || Array.isArray(json) || !(field in json)) {
    throw new HookbridgeError(
      "BadRequest",
      `--now found no top-level ${field} in the ${displayName} body: send a ${displayName} webhook body, or leave --now out.`,
    );
  }
  return encodeJsonBody(JSON.stringify({ ...json, [field]: now.toISOString() }), "json");
}

/** A network failure as one sentence with the fix: these are the user's set-up, not bugs. */
function unreachable(url: URL, error: unknown): HookbridgeError | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && "code" in cause ? String(cause.code) : "";
  const where = url.host;
  const sentences: Record<string, string> = {
    ECONNREFUSED: `Nothing is listening at ${where}: start the relay (npx hookbridge relay) or correct --url.`,
    ENOTFOUND: `The host in --url, ${url.hostname}, does not resolve: check its spelling.`,
    EAI_AGAIN: `The host in --url, ${url.hostname}, could not be looked up right now: check the network and try again.`,
    ECONNRESET: `${where} closed the connection before answering: check that --url points at an HTTP server (http:// vs https://).`,
    ETIMEDOUT: `${where} did not accept the connection in time: check --url and any firewall in between.`,
    EHOSTUNREACH: `${where} is unreachable from this machine: check --url and the network.`,
  };
  const sentence =
    sentences[code] ??
    (/CERT|SSL|TLS|EPROTO/.test(code)
      ? `The TLS connection to ${where} failed (${code}): use http:// for a relay without TLS, or give it a certificate this machine trusts.`
      : cause instanceof Error && cause.message === "bad port"
        ? `Port ${url.port} is one fetch refuses to connect to (it is reserved for another protocol): run the relay on another port, such as 8787.`
        : code.startsWith("E")
          ? `Could not reach ${where} (${code}): check --url and that the server is running.`
          : undefined);
  return sentence ? new HookbridgeError("BadRequest", sentence, { cause: error }) : undefined;
}

/** `hookbridge send`: signs a body as a provider would and POSTs it, printing the answer. */
export async function send(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: SEND_OPTIONS });
  const name = provider(values.provider);
  const secret = signingSecret(name, values.secret ?? environment(io).HOOKBRIDGE_SECRET);
  if (!values.url || !URL.canParse(values.url))
    throw new HookbridgeError("BadRequest", "--url must be an absolute http(s) URL.");
  const url = new URL(values.url);
  const format = values["content-type"] as BodyFormat;
  if (!BODY_FORMATS.includes(format))
    throw new HookbridgeError("BadRequest", "--content-type must be json or form.");

  const now = new Date();
  let body = await readBody(values.file, io.stdin);
  if (values.now) body = refreshTimestamp(name, body, now);
  if (format === "form") body = encodeJsonBody(fromUtf8(body), "form");
  const signed = await signatureScheme(name, { tokenHeader: values["token-header"] }).sign(
    body,
    secret,
    { id: values.id, ...(values.now ? { timestamp: Math.floor(now.getTime() / 1000) } : {}) },
  );
  const headers: Record<string, string> = { "content-type": MEDIA_TYPES[format], ...signed };
  const naming = PROVIDERS[name].namingHeaders;
  if (values.event) headers[naming.event] = values.event;
  if (values.id && naming.delivery) headers[naming.delivery] = values.id;

  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers, body });
  } catch (error) {
    throw unreachable(url, error) ?? error;
  }
  const text = await response.text();
  io.stdout(`${response.status} ${response.statusText}`);
  if (text) io.stdout(text);
  return response.ok ? 0 : 1;
}
