/**
 * Slow clients against the Node host on loopback: a socket that trickles its headers or its body,
 * or sits idle after an answer, is closed by the relay, and connections past the cap are closed
 * as they arrive. Timeouts are configured small so each case ends quickly; nothing asserts how
 * quickly, only that the relay closed the connection.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { relayEnv } from "./support/secrets.ts";

const sockets: Socket[] = [];

async function start(extra: Record<string, string>): Promise<NodeRelay> {
  return startNodeRelay({
    env: relayEnv("http://github.invalid", extra),
    port: 0,
    host: "127.0.0.1",
    logger: () => {},
  });
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
  // One relay with small timeouts for the three slow clients, which wait out those timeouts side
  // by side on connections of their own.
  describe("with small timeouts", () => {
    let relay: NodeRelay;
    beforeAll(async () => {
      relay = await start(SMALL);
    });
    afterAll(async () => {
      for (const socket of sockets.splice(0)) socket.destroy();
      await relay.close();
    });

    it.concurrent("closes a connection that trickles header lines and never finishes them", async ({
      expect,
    }) => {
      const socket = open(relay.url);
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

    it.concurrent("closes a connection that sends its headers, then trickles the body", async ({
      expect,
    }) => {
      const socket = open(relay.url);
      const done = closed(socket);
      trickle(
        socket,
        "POST /deepsource HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
        () => " ",
      );
      const answer = await done;
      expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
    });

    it.concurrent("closes a kept-alive connection left idle after its answer", async ({
      expect,
    }) => {
      const socket = open(relay.url);
      const done = closed(socket);
      socket.write("GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n");
      expect(await done).toMatch(/^HTTP\/1\.1 200/);
    });
  });

  it("closes connections past HOOKBRIDGE_MAX_CONNECTIONS as they arrive", async () => {
    const relay = await start({
      HOOKBRIDGE_MAX_CONNECTIONS: "2",
      HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: "30",
    });
    try {
      const url = relay.url;
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
    } finally {
      for (const socket of sockets.splice(0)) socket.destroy();
      await relay.close();
    }
  });
});
