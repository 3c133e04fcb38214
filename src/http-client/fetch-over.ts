import type { Requester } from "./http-connection.ts";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/**
 * A `fetch` over a {@link Requester}, for Octokit behind a proxy: Node's own `fetch` takes a proxy
 * only from `NODE_USE_ENV_PROXY` at start-up, and through `http.setGlobalProxyFromEnv()` it
 * tunnels plain-HTTP requests with `CONNECT` too, which proxies commonly allow only to port 443.
 * Redirects are followed as `fetch` follows them, unless the caller asks otherwise.
 */
export function fetchOver(requester: Requester): typeof fetch {
  return async (input, init) => {
    let request = new Request(input, init);
    for (let redirects = 0; ; redirects++) {
      const url = new URL(request.url);
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
      const answer = await requester.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
          headers.append(name, one);
        }
      }
      const location = headers.get("location");
      if (
        REDIRECTS.has(answer.statusCode) &&
        location &&
        request.redirect === "follow" &&
        redirects < MAX_REDIRECTS
      ) {
        await drain(answer.body);
        const keep = answer.statusCode === 307 || answer.statusCode === 308;
        request = new Request(new URL(location, url), {
          method: keep ? request.method : request.method === "HEAD" ? "HEAD" : "GET",
          headers: request.headers,
          body: keep ? body : undefined,
          signal: request.signal,
        });
        continue;
      }
      const empty = [101, 204, 205, 304].includes(answer.statusCode) || request.method === "HEAD";
      if (empty) await drain(answer.body);
      const response = new Response(empty ? null : streamOf(answer.body), {
        status: answer.statusCode,
        headers,
      });
      Object.defineProperty(response, "url", { value: url.href });
      return response;
    }
  };
}

function streamOf(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

async function drain(body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of body);
}
