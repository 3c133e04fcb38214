/**
 * Slow clients against the Node host on loopback: a socket that trickles its headers or its body,
 * or sits idle after an answer, is closed by the relay, and connections past the cap are closed
 * as they arrive. Timeouts are configured small so each case ends quickly; nothing asserts how
 * quickly, only that the relay closed the connection.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type NodeRelay, startNodeRelay } from "../../src/relay/node-server.ts";
import { relayEnv } from "./support/secrets.ts";

let relay: NodeRelay | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await relay?.close();
  relay = undefined;
});

async function start(extra: Record<string, string>): Promise<string> {
  relay = await startNodeRelay({
    env: relayEnv("http://github.invalid", extra),
    port: 0,
    host: "127.0.0.1",
    logger: () => {},
  });
  return relay.url;
}

function open(url: string): Socket {
  const { port, hostname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on("error", () => {});
  sockets.push(socket);
  return socket;
}

/** Resolves with what the relay sent once the relay closes the connection. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("close", () => resolve(answer));
  });
}

/** Writes `first`, then `next()` every 100 ms until the socket closes: a slowloris. */
function trickle(socket: Socket, first: string, next: () => string): void {
  socket.write(first);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(next());
  }, 100);
  socket.on("close", () => clearInterval(timer));
}

const SMALL = {
  HOOKBRIDGE_HEADERS_TIMEOUT: "1",
  HOOKBRIDGE_REQUEST_TIMEOUT: "2",
  HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: "1",
};

describe("the Node relay closes connections that hold it without delivering", () => {
  it("closes a connection that trickles header lines and never finishes them", async () => {
    const socket = open(await start(SMALL));
    const done = closed(socket);
    let line = 0;
    trickle(
      socket,
      "POST /deepsource HTTP/1.1\r\nHost: relay\r\n",
      () => `X-Slow-${line++}: a\r\n`,
    );
    const answer = await done;
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it("closes a connection that sends its headers, then trickles the body", async () => {
    const socket = open(await start(SMALL));
    const done = closed(socket);
    trickle(
      socket,
      "POST /deepsource HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
      () => " ",
    );
    const answer = await done;
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it("closes a kept-alive connection left idle after its answer", async () => {
    const socket = open(await start(SMALL));
    const done = closed(socket);
    socket.write("GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n");
    expect(await done).toMatch(/^HTTP\/1\.1 200/);
  });

  it("closes connections past HOOKBRIDGE_MAX_CONNECTIONS as they arrive", async () => {
    const url = await start({
      HOOKBRIDGE_MAX_CONNECTIONS: "2",
      HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: "30",
    });
    const held = [open(url), open(url)];
    // An answer proves the relay counts the connection; keep-alive then holds it open.
    await Promise.all(
      held.map(
        (socket) =>
          new Promise((answered) => {
            socket.once("data", answered);
            socket.write("GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n");
          }),
      ),
    );
    const extra = open(url);
    await closed(extra);
    expect(held.map((socket) => socket.destroyed)).toEqual([false, false]);
  });
});
