import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Provider } from "./secrets.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;

/** A body a provider really sends, with the non-signature headers it sends along. */
export interface Sample {
  readonly provider: Provider;
  readonly name: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

function rfc3339Nanos(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000000Z");
}

function fixtures(provider: string): { name: string; text: string }[] {
  return readdirSync(join(FIXTURES, provider))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      name: file.slice(0, -".json".length),
      text: readFileSync(join(FIXTURES, provider, file), "utf8"),
    }));
}

/**
 * Every provider's samples, made current where the relay checks time (DevRev's body timestamp),
 * plus GitHub-signed and Standard Webhooks bodies, which have no vendor samples.
 */
export function samples(): Sample[] {
  const json = { "content-type": "application/json" };
  const out: Sample[] = [];
  for (const { name, text } of fixtures("deepsource")) {
    out.push({ provider: "deepsource", name, body: Buffer.from(text), headers: json });
  }
  for (const { name, text } of fixtures("devrev")) {
    const fresh = text.replace(/("timestamp":\s*)"[^"]*"/, `$1"${rfc3339Nanos(Date.now())}"`);
    out.push({ provider: "devrev", name, body: Buffer.from(fresh), headers: json });
  }
  for (const { name, text } of fixtures("dejacode")) {
    // Text-only notifications (no `hook`) name their event in one of DejaCode's "extra headers".
    const headers = text.includes('"hook"') ? json : { ...json, "x-hookbridge-event": name };
    out.push({ provider: "dejacode", name, body: Buffer.from(text), headers });
  }
  for (const { name, text } of fixtures("deveo")) {
    out.push({ provider: "deveo", name, body: Buffer.from(text), headers: json });
    out.push({
      provider: "deveo",
      name: `${name} (form)`,
      body: Buffer.from(`payload=${encodeURIComponent(text)}`),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }
  out.push({
    provider: "github",
    name: "ping",
    body: Buffer.from('{"zen":"Keep it logically awesome.","hook_id":12345678}\n'),
    headers: {
      ...json,
      "x-github-event": "ping",
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    },
  });
  out.push({
    provider: "standard",
    name: "invoice.paid",
    body: Buffer.from(
      `{"type":"invoice.paid","timestamp":"${new Date().toISOString()}","data":{"id":"in_1","amount":4200}}`,
    ),
    headers: json,
  });
  return out;
}

/**
 * The sample as a new delivery with this id: in its id field (DeepSource, DevRev), its id header
 * (GitHub, Deveo, Standard Webhooks), or, for DejaCode, whose id is a digest of the body, as a run
 * of insignificant whitespace spelling `serial`. GitHub's and Deveo's id headers are not signed,
 * so the relay also recognises a copy by its body: their new deliveries get that whitespace too.
 */
function whitespace(serial: number): string {
  return serial.toString(2).replaceAll("0", " ").replaceAll("1", "\t");
}

export function withDeliveryId(
  sample: Sample,
  id: string,
  serial: number,
): { body: Buffer; headers: Readonly<Record<string, string>> } {
  const text = sample.body.toString("utf8");
  switch (sample.provider) {
    case "deepsource":
    case "devrev":
      return {
        body: Buffer.from(text.replace(/("id":\s*)"[^"]*"/, `$1"${id}"`)),
        headers: sample.headers,
      };
    case "github":
      return {
        body: Buffer.from(`${text}${whitespace(serial)}`),
        headers: { ...sample.headers, "x-github-delivery": id },
      };
    case "deveo":
      return {
        body: Buffer.from(`${text}${whitespace(serial)}`),
        headers: { ...sample.headers, "x-hookbridge-delivery": id },
      };
    case "standard":
      return { body: sample.body, headers: { ...sample.headers, "webhook-id": id } };
    case "dejacode":
      return { body: Buffer.from(`${text}${whitespace(serial)}`), headers: sample.headers };
  }
}
