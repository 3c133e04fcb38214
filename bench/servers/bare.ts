/**
 * The throughput baseline: Node's own HTTP server reading the body and answering 200, the least
 * any Node relay has to do for a POST.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { announce } from "./announce.ts";

let requests = 0;
const server = createServer((request, response) => {
  request.on("data", () => {});
  request.on("end", () => {
    requests += 1;
    response.writeHead(200, { "content-type": "application/json", "content-length": "2" });
    response.end("{}");
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  announce(`http://127.0.0.1:${port}`, () => ({ requests }));
});
