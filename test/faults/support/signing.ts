/**
 * Signing and checking as each provider does it, written with node:crypto alone, so the suite
 * judges the relay with code that shares nothing with the relay's own verifiers.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Provider, SECRETS, TOKEN_HEADER } from "./secrets.ts";

export const SIGNATURE_HEADERS: Record<Provider, readonly string[]> = {
  deepsource: ["x-deepsource-signature"],
  devrev: ["x-devrev-signature"],
  dejacode: [TOKEN_HEADER],
  deveo: ["x-hub-signature"],
  github: ["x-hub-signature-256"],
  standard: ["webhook-id", "webhook-timestamp", "webhook-signature"],
};

function mac(algorithm: "sha1" | "sha256", key: string | Buffer, data: Uint8Array | string) {
  return createHmac(algorithm, key).update(data).digest();
}

function standardKey(secret: string): Buffer {
  return Buffer.from(secret.slice("whsec_".length), "base64");
}

/** The headers `provider` sends for `body`, signed with `secret`. */
export function sign(
  provider: Provider,
  body: Uint8Array,
  secret: string = SECRETS[provider],
  id = `msg_${Date.now()}_${Math.random().toString(36).slice(2)}`,
): Record<string, string> {
  switch (provider) {
    case "deepsource":
      return { "x-deepsource-signature": mac("sha256", secret, body).toString("hex") };
    case "devrev":
      return { "x-devrev-signature": mac("sha256", secret, body).toString("base64") };
    case "dejacode":
      return { [TOKEN_HEADER]: secret };
    case "deveo":
      return { "x-hub-signature": `sha1=${mac("sha1", secret, body).toString("hex")}` };
    case "github":
      return { "x-hub-signature-256": `sha256=${mac("sha256", secret, body).toString("hex")}` };
    case "standard": {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const content = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
      return {
        "webhook-id": id,
        "webhook-timestamp": timestamp,
        "webhook-signature": `v1,${mac("sha256", standardKey(secret), content).toString("base64")}`,
      };
    }
  }
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodings(text: string): Buffer[] {
  const out: Buffer[] = [];
  if (/^[0-9a-f]+$/i.test(text)) out.push(Buffer.from(text, "hex"));
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) out.push(Buffer.from(text, "base64"));
  return out;
}

/**
 * Whether a request with these (lower-cased) headers and this body carries a valid signature
 * under the configured secret, by the provider's published rules: the only requests the relay
 * may ever dispatch.
 */
export function validlySigned(
  provider: Provider,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): boolean {
  const secret = SECRETS[provider];
  const value = (name: string) => (headers[name] ?? "").trim();
  switch (provider) {
    case "deepsource": {
      const expected = mac("sha256", secret, body);
      return decodings(value("x-deepsource-signature").replace(/^sha256=/, "")).some((candidate) =>
        equal(candidate, expected),
      );
    }
    case "devrev": {
      const expected = mac("sha256", secret, body);
      return decodings(value("x-devrev-signature")).some((candidate) => equal(candidate, expected));
    }
    case "dejacode": {
      // Only the token: the relay's own attestation is for the receive action, never an inbound route.
      return equal(Buffer.from(value(TOKEN_HEADER)), Buffer.from(secret));
    }
    // Hex digits and the algorithm prefix carry no meaning in their case.
    case "deveo":
      return (
        value("x-hub-signature").toLowerCase() ===
        `sha1=${mac("sha1", secret, body).toString("hex")}`
      );
    case "github":
      return (
        value("x-hub-signature-256").toLowerCase() ===
        `sha256=${mac("sha256", secret, body).toString("hex")}`
      );
    case "standard": {
      const timestamp = Number(value("webhook-timestamp"));
      if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) {
        return false;
      }
      const content = Buffer.concat([
        Buffer.from(`${value("webhook-id")}.${value("webhook-timestamp")}.`),
        body,
      ]);
      const expected = mac("sha256", standardKey(secret), content);
      return value("webhook-signature")
        .split(" ")
        .some(
          (entry) =>
            entry.startsWith("v1,") && decodings(entry.slice(3)).some((c) => equal(c, expected)),
        );
    }
  }
}
