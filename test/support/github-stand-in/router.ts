/**
 * Maps a request path onto one of GitHub's path templates. Literal segments win over parameters
 * (`/issues/comments/{id}` before `/issues/{issue_number}/...`), as on the real API.
 */
import type { RouteEntry } from "./openapi-subset.ts";

export interface RouteMatch {
  readonly template: string;
  readonly operationId: string;
  readonly params: Record<string, string>;
}

export type MatchResult =
  | { readonly kind: "found"; readonly match: RouteMatch }
  | { readonly kind: "no-method"; readonly template: string }
  | { readonly kind: "no-path" };

interface PatternSegment {
  readonly segment: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly node: TrieNode;
}

interface TrieNode {
  readonly literals: Map<string, TrieNode>;
  readonly patterns: PatternSegment[];
  template?: string;
  readonly methods: Map<string, string>;
}

const newNode = (): TrieNode => ({ literals: new Map(), patterns: [], methods: new Map() });

function segmentPattern(segment: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = segment
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+?)";
    })
    .join("");
  return { regex: new RegExp(`^${source}$`), names };
}

export class Router {
  readonly #root = newNode();

  constructor(routes: readonly RouteEntry[]) {
    for (const [method, template, operationId] of routes) this.#add(method, template, operationId);
  }

  #add(method: string, template: string, operationId: string): void {
    let node = this.#root;
    for (const segment of template.split("/").slice(1)) {
      if (!segment.includes("{")) {
        let next = node.literals.get(segment);
        if (!next) {
          next = newNode();
          node.literals.set(segment, next);
        }
        node = next;
        continue;
      }
      let pattern = node.patterns.find((p) => p.segment === segment);
      if (!pattern) {
        pattern = { segment, ...segmentPattern(segment), node: newNode() };
        node.patterns.push(pattern);
      }
      node = pattern.node;
    }
    node.template = template;
    node.methods.set(method, operationId);
  }

  match(method: string, pathname: string): MatchResult {
    const segments = pathname.split("/").slice(1);
    const found = this.#walk(this.#root, segments, 0, []);
    if (!found) return { kind: "no-path" };
    const { node, values } = found;
    const operationId = node.methods.get(method);
    const template = node.template as string;
    if (!operationId) return { kind: "no-method", template };
    const params: Record<string, string> = {};
    for (const [name, raw] of values) params[name] = safeDecode(raw);
    return { kind: "found", match: { template, operationId, params } };
  }

  #walk(
    node: TrieNode,
    segments: readonly string[],
    index: number,
    values: [string, string][],
  ): { node: TrieNode; values: [string, string][] } | undefined {
    if (index === segments.length) return node.template ? { node, values } : undefined;
    const segment = segments[index] as string;
    const literal = node.literals.get(segment);
    if (literal) {
      const found = this.#walk(literal, segments, index + 1, values);
      if (found) return found;
    }
    if (segment === "") return undefined;
    for (const pattern of node.patterns) {
      const groups = pattern.regex.exec(segment);
      if (!groups) continue;
      const captured = pattern.names.map((name, i): [string, string] => [
        name,
        groups[i + 1] ?? "",
      ]);
      const found = this.#walk(pattern.node, segments, index + 1, [...values, ...captured]);
      if (found) return found;
    }
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
