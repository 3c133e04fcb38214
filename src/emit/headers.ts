import {
  deveoSignature,
  githubSignature,
  standardWebhooksScheme,
} from "../core/signatures/index.ts";

export const HEADER = {
  contentType: "Content-Type",
  userAgent: "User-Agent",
  delivery: "X-Hookbridge-Delivery",
  event: "X-Hookbridge-Event",
  hubSignature: "X-Hub-Signature",
  hubSignature256: "X-Hub-Signature-256",
  webhookId: "webhook-id",
  webhookTimestamp: "webhook-timestamp",
  webhookSignature: "webhook-signature",
} as const;

export const SIGNATURES = ["hub", "standard", "none"] as const;
export type Signature = (typeof SIGNATURES)[number];

/**
 * Headers `extra-headers` may not set. The signature and content type describe the exact bytes
 * sent, so a user value would make every delivery fail verification; the delivery and event ids
 * are what receivers deduplicate on; the rest frame the HTTP message and belong to the client.
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(
  [
    HEADER.contentType,
    HEADER.delivery,
    HEADER.event,
    HEADER.hubSignature,
    HEADER.hubSignature256,
    HEADER.webhookId,
    HEADER.webhookTimestamp,
    HEADER.webhookSignature,
    "Content-Length",
    "Content-Encoding",
    "Transfer-Encoding",
    "Connection",
    "Host",
    "Keep-Alive",
    "Upgrade",
    "Expect",
    "TE",
    "Trailer",
  ].map((name) => name.toLowerCase()),
);

/** RFC 9110 token: the characters a header name may use. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, spaces, tabs and non-ASCII bytes; never CR, LF or NUL. */
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** Why a header cannot be used, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!HEADER_NAME.test(name)) return `"${name}" is not a valid header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) {
    return `${name} is set by hookbridge itself (it must match the exact bytes sent), so it cannot be overridden`;
  }
  if (!HEADER_VALUE.test(value)) return `the value of ${name} contains a line break`;
  return undefined;
}

export interface HeaderContext {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly deliveryId: string;
  readonly event: string;
  readonly userAgent: string;
  readonly signature: Signature;
  /** Absent means the delivery is not signed at all. */
  readonly secret: string | undefined;
  readonly extraHeaders: Readonly<Record<string, string>>;
}

/**
 * Every header of one attempt. Called per attempt because the Standard Webhooks timestamp is the
 * time of sending (receivers reject one older than five minutes); everything else stays the same.
 */
export async function deliveryHeaders(
  context: HeaderContext,
  nowMs: number,
): Promise<Record<string, string>> {
  const ownAgent = Object.keys(context.extraHeaders).some(
    (name) => name.toLowerCase() === "user-agent",
  );
  const headers: Record<string, string> = {
    ...(ownAgent ? {} : { [HEADER.userAgent]: context.userAgent }),
    ...context.extraHeaders,
    [HEADER.contentType]: context.contentType,
    [HEADER.delivery]: context.deliveryId,
    [HEADER.event]: context.event,
  };
  if (context.secret === undefined || context.signature === "none") return headers;
  const sha1 = await deveoSignature.sign(context.body, context.secret);
  const sha256 = await githubSignature.sign(context.body, context.secret);
  headers[HEADER.hubSignature] = sha1["x-hub-signature"] as string;
  headers[HEADER.hubSignature256] = sha256["x-hub-signature-256"] as string;
  if (context.signature === "standard") {
    const standard = await standardWebhooksScheme.sign(context.body, context.secret, {
      id: context.deliveryId,
      timestamp: Math.floor(nowMs / 1000),
    });
    Object.assign(headers, standard);
  }
  return headers;
}
