import { exactUtf8, toBase64 } from "../core/bytes.ts";
import { PROVIDERS, type ProviderName } from "../core/providers.ts";
import { code } from "./markdown.ts";
import { type ProviderReactions, reportOnly } from "./reaction-contract.ts";

/** What each `receive/<provider>/index.ts` exports. */
interface ReactionsModule {
  readonly reactions: ProviderReactions;
}

/**
 * A body that is not JSON, as the `object` output: its text when it is UTF-8, else a base64
 * `data:` URL, so bytes that are not text come through whole and say what they are.
 */
function bodyObject(body: Uint8Array): string {
  return exactUtf8(body) ?? `data:application/octet-stream;base64,${toBase64(body)}`;
}

/**
 * Providers without reactions of their own still get outputs and a summary; `object` is the body
 * as JSON, or as {@link bodyObject} when it is not JSON (a Standard Webhooks body may be anything).
 */
const outputsOnly: ProviderReactions = {
  receive: (event) =>
    reportOnly(
      `${event.provider.displayName} ${code(event.event)}`,
      {
        object:
          event.json === undefined ? bodyObject(event.relayed.body) : JSON.stringify(event.json),
      },
      [],
    ),
};

/**
 * A provider's reactions live in the folder named after it, found by that name alone: the bundler
 * makes each `./<name>/index.ts` a chunk of its own, so a run loads only the reactions of the
 * provider whose event arrived, and adding a provider needs no line here.
 */
export async function reactionsFor(name: ProviderName): Promise<ProviderReactions> {
  if (!PROVIDERS[name].reactions) return outputsOnly;
  const module: ReactionsModule = await import(`./${name}/index.ts`);
  return module.reactions;
}
