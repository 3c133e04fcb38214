import { exitWhenLogWritten } from "../runner/step-log.ts";
import { run } from "./main.ts";

await run();
exitWhenLogWritten();
