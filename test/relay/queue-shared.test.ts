/**
 * The shared queue and report cases on both hosts: the Node relay, and the built Worker in
 * workerd.
 */
import { queueCases } from "./queue-cases.ts";
import { nodeHost, workerHost } from "./queue-hosts.ts";
import { reportCases } from "./report-cases.ts";

for (const host of [nodeHost, workerHost()]) {
  queueCases(host);
  reportCases(host);
}
