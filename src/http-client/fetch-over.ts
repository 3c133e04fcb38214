import type { Requester } from "./http-connection.ts";

/**
 * A `fetch` over a {@link Requester}, for Octokit behind a proxy: Node's own `fetch` takes a proxy
 * only from `NODE_USE_ENV_PROXY` at start-up, and through `http.setGlobalProxyFromEnv()` it
 * tunnels plain-HTTP requests with `CONNECT` too, which proxies commonly allow only to port 443.
 * A redirect is never followed, whatever the request asks: the 3xx is answered as it came (what
 * `redirect: "manual"` gives), so neither the token nor the body goes where it points.
 */
export function fetchOver(requester: Requester): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
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
    const empty = [101, 204, 205, 304].includes(answer.statusCode) || request.method === "HEAD";
    if (empty) await drain(answer.body);
    const response = new Response(empty ? null : streamOf(answer.body), {
      status: answer.statusCode,
      headers,
    });
    Object.defineProperty(response, "url", { value: url.href });
    return response;
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
