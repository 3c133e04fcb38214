import { readFile } from "node:fs/promises";

/** Reads the exact bytes to sign or verify: from a file, or from standard input. */
export async function readBody(
  file: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Uint8Array<ArrayBuffer>> {
  if (file !== undefined && file !== "-") return new Uint8Array(await readFile(file));
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}
