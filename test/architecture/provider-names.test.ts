/**
 * A provider is named in its own places: its descriptor, its event schemas and its reactions
 * folder. Every other module reaches a provider through the registry (`src/core/providers.ts`),
 * so adding one is a descriptor file, a schema file, a reactions folder and tests. This test reads
 * every module in src/ with TypeScript's parser and fails on a provider named anywhere else:
 *
 * - a **value**: a string literal or template piece that is exactly a provider's name;
 * - a **mention**: a string, template piece or regular expression that contains a provider's name
 *   in any case (`x-deepsource-signature`, "DejaCode only"), or its display name, or names two
 *   providers or more (a list kept by hand);
 * - an **identifier**: a name in the code that contains one in any case (`deepsourceAnalysis`,
 *   `DeepSourceClient`, `HOOKBRIDGE_DEJACODE_HEADER`).
 *
 * `github` and `standard` are also everyday words here (GitHub is the platform everything talks
 * to; `standard` is one of emit's signature modes), so for them a mention is their display name
 * or a list, and identifiers are not read.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from "../../src/core/providers.ts";
import { PLANTED, sourceTexts } from "./source-files.ts";

type Kind = "value" | "mention" | "identifier";

/** Providers whose name is also a word this codebase uses in other senses; see above. */
const EVERYDAY_WORDS: ReadonlySet<ProviderName> = new Set<ProviderName>(["github", "standard"]);

/** Where a provider's own name belongs: its descriptor, its event schemas, its reactions. */
function ownPlace(file: string, name: string): boolean {
  return (
    file === `core/providers/${name}.ts` ||
    file === `core/schemas/${name}.ts` ||
    file.startsWith(`receive/${name}/`)
  );
}

interface Allowed {
  readonly names: readonly ProviderName[];
  readonly kinds: readonly Kind[];
  readonly why: string;
}

/**
 * The same word meaning something other than "look up this provider", or a place that lists the
 * providers by design. Each entry says why; one more entry here needs the same kind of reason.
 */
const OTHER_MEANINGS: Readonly<Record<string, readonly Allowed[]>> = {
  "core/providers.ts": [
    {
      names: ["deepsource", "dejacode", "deveo", "devrev"],
      kinds: ["identifier", "mention"],
      why: "the registry: it imports each descriptor once, the one list of providers",
    },
  ],
  "core/schemas/index.ts": [
    {
      names: ["deepsource", "dejacode", "deveo", "devrev"],
      kinds: ["mention"],
      why: "the schemas' index re-exports each provider's schema module by its path",
    },
  ],
  "core/signatures/index.ts": [
    {
      names: ["deepsource", "devrev"],
      kinds: ["identifier", "mention"],
      why: "the HMAC header schemes, each named after the provider whose header (x-deepsource-signature, …) it reads; descriptors choose them",
    },
    {
      names: ["deveo"],
      kinds: ["identifier"],
      why: "the same, for Deveo's header, which emit signs with too",
    },
  ],
  "core/signatures/standard-webhooks.ts": [
    {
      names: ["standard"],
      kinds: ["mention"],
      why: "the Standard Webhooks scheme, named after the specification it implements",
    },
  ],
  "emit/deveo-hook.ts": [
    {
      names: ["deveo"],
      kinds: ["identifier", "mention"],
      why: "emit sends Deveo-style push hooks: Deveo's hook format is what it builds",
    },
  ],
  "emit/headers.ts": [
    {
      names: ["deveo"],
      kinds: ["identifier"],
      why: "emit signs its hooks with Deveo's signature header",
    },
    {
      names: ["standard"],
      kinds: ["value"],
      why: "emit's `signature` input value (hub, standard or none): how emit signs its own pushes",
    },
  ],
  "emit/main.ts": [
    { names: ["deveo"], kinds: ["mention"], why: "the log line names the Deveo hook it sends" },
    {
      names: ["standard"],
      kinds: ["value", "mention"],
      why: "the same emit `signature` input value, and the Standard Webhooks headers it means",
    },
  ],
  "emit/inputs.ts": [
    { names: ["deveo"], kinds: ["mention"], why: "an input's message names the Deveo hook" },
    {
      names: ["standard"],
      kinds: ["value", "mention"],
      why: "the same emit `signature` input value, and the Standard Webhooks key it needs",
    },
  ],
  "cli/usage.ts": [
    {
      names: ["dejacode", "devrev", "github", "standard"],
      kinds: ["mention"],
      why: "the CLI's help says which flags matter for which signature scheme (DejaCode's token header, Standard Webhooks' id and timestamp, DevRev's body timestamp)",
    },
  ],
  "receive/source.ts": [
    {
      names: ["deepsource"],
      kinds: ["mention"],
      why: "an example event type (deepsource.analysis_run.updated) in the message for a step on the wrong event",
    },
  ],
};

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly kind: Kind;
  readonly name: ProviderName;
  readonly text: string;
}

const NAMES = new Set<string>(PROVIDER_NAMES);

/** The providers a text names as lower-case words; two or more make a list kept by hand. */
function listed(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((word) => NAMES.has(word)),
  );
}

function kindOf(node: ts.Node, name: ProviderName): Kind | undefined {
  const everyday = EVERYDAY_WORDS.has(name);
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node))
    return !everyday && node.text.toLowerCase().includes(name) ? "identifier" : undefined;
  if (
    !ts.isStringLiteralLike(node) &&
    !ts.isTemplateLiteralToken(node) &&
    !ts.isRegularExpressionLiteral(node)
  )
    return undefined;
  const text = node.text;
  if (text === name) return "value";
  const names = listed(text);
  if (names.size >= 2 && names.has(name)) return "mention";
  if (text.includes(PROVIDERS[name].displayName)) return "mention";
  return !everyday && text.toLowerCase().includes(name) ? "mention" : undefined;
}

/** Every naming of a provider in one module outside that provider's own places. */
function findings(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: Finding[] = [];
  const visit = (node: ts.Node) => {
    for (const name of PROVIDER_NAMES) {
      if (ownPlace(file, name)) continue;
      const kind = kindOf(node, name);
      if (kind === undefined) continue;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push({ file, line: line + 1, kind, name, text: (node as ts.Identifier).text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function allowed({ file, kind, name }: Finding): boolean {
  return (OTHER_MEANINGS[file] ?? []).some(
    (entry) => entry.names.includes(name) && entry.kinds.includes(kind),
  );
}

/** `file:line kind name "text"` for each provider named where it does not belong. */
function strayNames(files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files).flatMap(([file, text]) =>
    findings(file, text)
      .filter((finding) => !allowed(finding))
      .map(({ line, kind, name, text }) => `${file}:${line} ${kind} ${name} "${text}"`),
  );
}

describe("provider names in src/", () => {
  it("are found as values, mentions and identifiers: those planted in test/fixtures/architecture/provider-names/", () => {
    // Comments, everyday words (receive/main.ts) and a provider's own places are not strays.
    expect(strayNames(sourceTexts(PLANTED.names))).toEqual([
      'cli/main.ts:1 mention deepsource "deepsource, devrev or "',
      'cli/main.ts:1 mention devrev "deepsource, devrev or "',
      'cli/main.ts:1 value github "github"',
      'cli/send.ts:1 mention devrev "devrev, github or standard"',
      'cli/send.ts:1 mention github "devrev, github or standard"',
      'cli/send.ts:1 mention standard "devrev, github or standard"',
      'receive/deveo/index.ts:1 value dejacode "dejacode"',
      'receive/reactions.ts:1 value deveo "deveo"',
      'receive/summary.ts:1 mention github "A GitHub-signed hook"',
      'receive/summary.ts:2 mention standard "Standard Webhooks"',
      'relay/delivery/policy.ts:2 value devrev "devrev"',
      'relay/http/answers.ts:1 mention devrev "events from DevRev name no repository"',
      'relay/queue/store.ts:2 identifier deepsource "deepsourceAnalysis"',
      'relay/queue/store.ts:4 identifier dejacode "HOOKBRIDGE_DEJACODE_HEADER"',
      'relay/queue/store.ts:4 mention dejacode "x-dejacode-token"',
      'relay/queue/store.ts:5 identifier deepsource "DeepSourceClient"',
      'relay/queue/store.ts:6 mention devrev "/^x-devrev-signature$/i"',
    ]);
  });

  it("appear only in each provider's own places and the listed exceptions", () => {
    const files = sourceTexts();
    expect(Object.keys(files).length).toBeGreaterThan(50);
    expect(Object.keys(files)).toContain("core/providers/deepsource.ts");
    expect(strayNames(files)).toEqual([]);
  });

  it("each listed exception still names what it allows (none is left stale)", () => {
    const files = sourceTexts();
    const stale = Object.entries(OTHER_MEANINGS).flatMap(([file, entries]) => {
      const found = findings(file, files[file] ?? "");
      return entries.flatMap(({ names, kinds }) =>
        names.flatMap((name) =>
          kinds
            .filter((kind) => !found.some((one) => one.name === name && one.kind === kind))
            .map((kind) => `${file} ${kind} ${name}`),
        ),
      );
    });
    expect(stale).toEqual([]);
  });
});
