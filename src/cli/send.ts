import { parseArgs } from "node:util";
import { HookbridgeError } from "../core/errors.ts";
import { isProviderName, PROVIDER_NAMES, signatureScheme } from "../core/signatures/index.ts";
import { readBody } from "./read-body.ts";
import type { Io } from "./sign-verify.ts";

const CONTENT_TYPES = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
} as const;

/** `hookbridge send`: signs a body as a provider would and POSTs it, printing the answer. */
export async function send(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: "string" },
      secret: { type: "string" },
      url: { type: "string" },
      file: { type: "string" },
      event: { type: "string" },
      id: { type: "string" },
      "content-type": { type: "string", default: "json" },
      "token-header": { type: "string" },
    },
  });
  const provider = values.provider ?? "";
  if (!isProviderName(provider))
    throw new HookbridgeError(
      "BadRequest",
      `--provider must be one of ${PROVIDER_NAMES.join(", ")}.`,
    );
  const secret = values.secret ?? process.env.HOOKBRIDGE_SECRET;
  if (!secret)
    throw new HookbridgeError(
      "BadRequest",
      "--secret is required (or set it in HOOKBRIDGE_SECRET).",
    );
  if (!values.url || !URL.canParse(values.url))
    throw new HookbridgeError("BadRequest", "--url must be an absolute http(s) URL.");
  const contentType = values["content-type"] as keyof typeof CONTENT_TYPES;
  if (!(contentType in CONTENT_TYPES))
    throw new HookbridgeError("BadRequest", "--content-type must be json or form.");

  let body = await readBody(values.file, io.stdin);
  if (contentType === "form")
    body = new TextEncoder().encode(
      `payload=${encodeURIComponent(new TextDecoder().decode(body))}`,
    );
  const signed = await signatureScheme(provider, { tokenHeader: values["token-header"] }).sign(
    body,
    secret,
    { id: values.id },
  );
  const headers: Record<string, string> = { "content-type": CONTENT_TYPES[contentType], ...signed };
  if (values.event)
    headers[provider === "github" ? "x-github-event" : "x-hookbridge-event"] = values.event;
  if (values.id && provider !== "standard")
    headers[provider === "github" ? "x-github-delivery" : "x-hookbridge-delivery"] = values.id;

  const response = await fetch(values.url, { method: "POST", headers, body });
  const text = await response.text();
  io.stdout(`${response.status} ${response.statusText}`);
  if (text) io.stdout(text);
  return response.ok ? 0 : 1;
}
