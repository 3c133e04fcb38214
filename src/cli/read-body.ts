import { readFile } from "node:fs/promises";
import { HookbridgeError } from "../core/errors.ts";

/** Why a --file could not be read, as one sentence with the fix; undefined when it is not ours. */
function fileProblem(file: string, error: unknown): string | undefined {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  switch (code) {
    case "ENOENT":
      return `--file ${file} does not exist: check the path, or leave --file out to read the body from standard input.`;
    case "EISDIR":
      return `--file ${file} is a directory: give the path of the JSON file to send.`;
    case "EACCES":
    case "EPERM":
      return `--file ${file} cannot be read with this user's permissions: check its mode, or pipe it in on standard input.`;
    default:
      return undefined;
  }
}

/** Reads the exact bytes to sign or verify: from a file, or from standard input. */
export async function readBody(
  file: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Uint8Array<ArrayBuffer>> {
  if (file !== undefined && file !== "-") {
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      const problem = fileProblem(file, error);
      if (problem) throw new HookbridgeError("BadRequest", problem, { cause: error });
      throw error;
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}
