/** The admin API's cases on both hosts: the Node relay, and the built Worker in workerd. */
import { adminCases } from "./admin-cases.ts";
import { nodeHost, workerHost } from "./queue-hosts.ts";

adminCases(nodeHost);
adminCases(workerHost());
