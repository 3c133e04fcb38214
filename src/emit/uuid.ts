import { fromHex, joinBytes, toHex, utf8 } from "../core/bytes.ts";
import { digest } from "../core/hmac.ts";

/** RFC 9562 namespace for URLs; hookbridge's own namespace is derived from it. */
export const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** UUIDv5 of `https://github.com/hookbridge/emit` in the URL namespace. */
export const HOOKBRIDGE_NAMESPACE = "b8018779-6d04-5d26-94a4-5e3721e813de";

function uuidBytes(uuid: string): Uint8Array<ArrayBuffer> {
  const bytes = fromHex(uuid.replaceAll("-", ""));
  if (bytes?.length !== 16) throw new TypeError(`"${uuid}" is not a UUID.`);
  return bytes;
}

function format(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A name-based UUID (version 5, SHA-1). The same namespace and name always give the same UUID,
 * which is what lets a receiver recognise the same repository or user across deliveries.
 */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const data = joinBytes([uuidBytes(namespace), utf8(name)]);
  const hash = (await digest("SHA-1", data)).slice(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  return format(hash);
}

/** A GitHub object as webhook payloads describe it: any of these may identify it. */
export interface GitHubObjectRef {
  readonly node_id?: string | undefined;
  readonly id?: number | undefined;
  readonly login?: string | undefined;
}

/**
 * The stable UUID of a GitHub object. Node ids never change, even when a repository or account is
 * renamed, so they come first; the host keeps GitHub Enterprise Server ids apart from github.com's.
 */
export function githubObjectUuid(
  host: string,
  kind: string,
  ref: GitHubObjectRef,
): Promise<string> {
  if (ref.node_id) return uuidV5(HOOKBRIDGE_NAMESPACE, `${host}/node/${ref.node_id}`);
  if (ref.id !== undefined) return uuidV5(HOOKBRIDGE_NAMESPACE, `${host}/${kind}/id/${ref.id}`);
  if (ref.login)
    return uuidV5(HOOKBRIDGE_NAMESPACE, `${host}/${kind}/login/${ref.login.toLowerCase()}`);
  throw new TypeError(`The ${kind} has no node_id, id or login to derive a UUID from.`);
}
