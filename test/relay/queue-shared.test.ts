/** The shared queue cases on both hosts: the Node relay, and the built Worker in workerd. */
import { queueCases } from "./queue-cases.ts";
import { nodeHost, workerHost } from "./queue-hosts.ts";

queueCases(nodeHost);
queueCases(workerHost());
