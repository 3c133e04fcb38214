import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchOver } from "../../src/http-client/fetch-over.ts";
import { openConnection } from "../../src/http-client/http-connection.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A loopback server that records each request as `METHOD path body`. */
async function start(
  answer: (path: string) => { status: number; headers?: Record<string, string>; body?: string },
) {
  const seen: string[] = [];
  server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      seen.push(`${request.method} ${request.url} ${body}`.trim());
      const { status, headers, body: text } = answer(request.url ?? "");
      response.writeHead(status, headers).end(text);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, seen };
}

const connection = () => openConnection({ insecureSsl: false, env: {} });

describe("fetchOver", () => {
  it("answers with the status, headers, body and URL a fetch would", async () => {
    const { origin, seen } = await start(() => ({
      status: 201,
      headers: { "content-type": "application/json", "x-one": "1" },
      body: '{"ok":true}',
    }));
    const { dispatcher, close } = connection();
    const response = await fetchOver(dispatcher)(`${origin}/repos/a/b?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name":"x"}',
    });
    expect(response.status).toBe(201);
    expect(response.url).toBe(`${origin}/repos/a/b?x=1`);
    expect(response.headers.get("x-one")).toBe("1");
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual(['POST /repos/a/b?x=1 {"name":"x"}']);
    await close();
  });

  it("follows no redirect, even when the request asks it to: the 3xx comes back and where it points hears nothing", async () => {
    const { origin, seen } = await start((path) => {
      if (path === "/old") return { status: 307, headers: { location: "/moved" } };
      return { status: 200, body: "done" };
    });
    const { dispatcher, close } = connection();
    const response = await fetchOver(dispatcher)(`${origin}/old`, {
      method: "POST",
      body: "payload",
      redirect: "follow",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/moved");
    expect(response.url).toBe(`${origin}/old`);
    expect(seen).toEqual(["POST /old payload"]);
    await close();
  });

  it("hands a redirect back with its Location, and a 204 without a body", async () => {
    const { origin } = await start((path) =>
      path === "/old" ? { status: 302, headers: { location: "/new" } } : { status: 204 },
    );
    const { dispatcher, close } = connection();
    const redirect = await fetchOver(dispatcher)(`${origin}/old`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/new");
    const empty = await fetchOver(dispatcher)(`${origin}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    await close();
  });
});
