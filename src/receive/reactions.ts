import type { ProviderName } from "../core/providers.ts";
import { code } from "./markdown.ts";
import { type ProviderReactions, reportOnly } from "./reaction-contract.ts";

// Each provider's reactions load only when one of its events arrives; adding a provider is one
// line here and a folder of its own.
const REACTIONS: Partial<Record<ProviderName, () => Promise<ProviderReactions>>> = {
  deepsource: async () => (await import("./deepsource/index.ts")).deepsourceReactions,
  devrev: async () => (await import("./devrev/index.ts")).devrevReactions,
  dejacode: async () => (await import("./dejacode/index.ts")).dejacodeReactions,
  deveo: async () => (await import("./deveo/index.ts")).deveoReactions,
  github: async () => (await import("./github/index.ts")).githubReactions,
};

/** Providers without reactions of their own still get outputs and a summary. */
const outputsOnly: ProviderReactions = {
  receive: (event) =>
    reportOnly(
      `${event.provider.displayName} ${code(event.event)}`,
      { object: JSON.stringify(event.json) },
      [],
    ),
};

export async function reactionsFor(provider: ProviderName): Promise<ProviderReactions> {
  const load = REACTIONS[provider];
  return load ? load() : outputsOnly;
}
