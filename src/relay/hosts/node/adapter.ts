import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { answerFailure, errorAnswer, type RelayAnswer, RelayFailure } from "../../http/answers.ts";
import { DISCARD_LIMIT, tooLarge } from "../../http/read-body.ts";
import type { RelayCore, RelayRequest } from "../../http/request.ts";

// Every route the relay serves looks like this; anything else goes through the WHATWG URL parser,
// so percent-escapes, dot segments and queries end up as they would in a Web `Request`.
const PLAIN_PATH = /^\/[a-z]*\/*$/;
const ORIGIN = "http://relay.invalid";

function pathOf(target: string): string | undefined {
  if (PLAIN_PATH.test(target)) return target;
  if (target.startsWith("/")) return URL.parse(`${ORIGIN}${target}`)?.pathname;
  if (target.startsWith("http://") || target.startsWith("https://"))
    return URL.parse(target)?.pathname;
  return undefined;
}

/** The query of a request target, with its `?`, as a WHATWG URL reads it; "" when none. */
function searchOf(target: string): string {
  if (!target.includes("?")) return "";
  const url = target.startsWith("/") ? URL.parse(`${ORIGIN}${target}`) : URL.parse(target);
  return url?.search ?? "";
}

function bodyEndedEarly(): RelayFailure {
  return new RelayFailure(
    400,
    "body-incomplete",
    "The connection closed before the request body was complete.",
  );
}

/**
 * Reads `incoming` as `readBody` reads a Web stream: at most `limit` bytes are kept, and an
 * oversized body (declared or not) is read and thrown away up to DISCARD_LIMIT so the sender sees
 * the 413 rather than a reset. `onFlood` is called when even that limit is passed.
 */
function readIncoming(
  incoming: IncomingMessage,
  limit: number,
  onFlood: () => void,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const declared = incoming.headers["content-length"];
    let discarding = declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
    let discardLeft = DISCARD_LIMIT;
    let chunks: Buffer[] = [];
    let size = 0;

    const finish = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onAbort);
      incoming.off("close", onAbort);
    };
    function onData(chunk: Buffer): void {
      if (!discarding) {
        size += chunk.byteLength;
        if (size <= limit) {
          chunks.push(chunk);
          return;
        }
        discarding = true;
        chunks = [];
        return;
      }
      discardLeft -= chunk.byteLength;
      if (discardLeft <= 0) {
        finish();
        // The rest still drains (unread, uncounted) so the sender can take in the 413, and the
        // connection is closed once it is written.
        incoming.resume();
        onFlood();
        reject(tooLarge(limit));
      }
    }
    function onEnd(): void {
      finish();
      if (discarding) {
        reject(tooLarge(limit));
        return;
      }
      // A 5 KiB webhook usually arrives in one chunk, which is used as it is, without a copy.
      const joined = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      resolve(new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.byteLength));
    }
    function onAbort(): void {
      finish();
      reject(bodyEndedEarly());
    }

    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onAbort);
    incoming.on("close", onAbort);
  });
}

function send(outgoing: ServerResponse, answer: RelayAnswer, close: boolean): void {
  if (answer.body === null && !close) {
    outgoing.writeHead(answer.status, answer.headers);
    outgoing.end();
    return;
  }
  const headers: Record<string, string | number> = { ...answer.headers };
  if (answer.body !== null) headers["content-length"] = Buffer.byteLength(answer.body);
  if (close) headers.connection = "close";
  outgoing.writeHead(answer.status, headers);
  outgoing.end(answer.body ?? undefined);
}

/**
 * Serves a relay core from `node:http` directly: headers are read from `IncomingMessage`, the
 * body is read only when the relay asks for it, and the answer is written with `writeHead`, so
 * no Web `Request`, `Headers`, stream or `Response` is built per request.
 */
export function nodeListener(core: RelayCore): RequestListener {
  return (incoming, outgoing) => {
    const path = pathOf(incoming.url ?? "/");
    if (path === undefined) {
      send(outgoing, errorAnswer(400, "The request target is not a URL path."), false);
      return;
    }
    let flooded = false;
    const request: RelayRequest = {
      method: incoming.method ?? "GET",
      path,
      search: () => searchOf(incoming.url ?? ""),
      header(name) {
        // Node lower-cases the names it stores; the relay asks in lower case too.
        const value = incoming.headers[name] ?? incoming.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return typeof value === "string" ? value : value.join(", ");
      },
      body: (limit) =>
        readIncoming(incoming, limit, () => {
          flooded = true;
        }),
    };
    core(request)
      .then((answer) => send(outgoing, answer, flooded))
      .catch((error: unknown) => {
        // The relay answers its own failures; this only catches an answer Node refused to write.
        if (outgoing.headersSent) outgoing.destroy();
        else send(outgoing, answerFailure(error).answer, true);
      });
  };
}
