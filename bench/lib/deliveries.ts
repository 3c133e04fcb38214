import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const FIXTURE = new URL(
  "../../test/fixtures/deepsource/analysis_run.updated.json",
  import.meta.url,
);
/** The relay's figures use a 5 KiB body, the size of a typical DeepSource analysis_run event. */
export const BODY_BYTES = 5 * 1024;
export const DEEPSOURCE_SECRET = "bench-deepsource-secret-0123456789";

export interface SignedBody {
  readonly body: Buffer;
  readonly signature: string;
}

const template = JSON.stringify(JSON.parse(readFileSync(FIXTURE, "utf8")));
const ID = /"id":"\d+"/;
const RUN = /"runUid":"[^"]*"/;

/**
 * DeepSource's analysis_run.updated sample with its own delivery id and its own run (so the
 * queue coalesces none of them), padded with trailing whitespace (valid JSON, as pretty-printed
 * bodies have) to exactly {@link BODY_BYTES}. The run is a random UUID, as DeepSource's `runUid`s
 * are: a counter would make every index keyed by it an append, which real traffic never is.
 */
export function deepsourceBody(serial: number): Buffer {
  const run = crypto.randomUUID();
  const text = template
    .replace(ID, `"id":"${9_000_000_000_000 + serial}"`)
    .replace(RUN, `"runUid":"${run}"`);
  return Buffer.from(text.padEnd(BODY_BYTES, " "));
}

export function signDeepSource(body: Buffer, secret = DEEPSOURCE_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * Writes `count` distinct signed bodies as `signature\nlength\nbody` records, the format both
 * load generators read, so every request carries a delivery id the relay has not seen.
 */
export function writeBodyPool(path: string, count: number, offset = 0): void {
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const body = deepsourceBody(offset + i);
    parts.push(Buffer.from(`${signDeepSource(body)}\n${body.length}\n`), body);
  }
  writeFileSync(path, Buffer.concat(parts));
}

export function readBodyPool(path: string): SignedBody[] {
  const data = readFileSync(path);
  const records: SignedBody[] = [];
  let at = 0;
  while (at < data.length) {
    const signatureEnd = data.indexOf(10, at);
    const lengthEnd = data.indexOf(10, signatureEnd + 1);
    const signature = data.subarray(at, signatureEnd).toString("latin1");
    const length = Number(data.subarray(signatureEnd + 1, lengthEnd).toString("latin1"));
    records.push({ signature, body: data.subarray(lengthEnd + 1, lengthEnd + 1 + length) });
    at = lengthEnd + 1 + length;
  }
  return records;
}
