/**
 * GitHub's OpenAPI description is 13 MB; parsing it costs more than the stand-in itself. This
 * module reads it once, keeps only what the stand-in needs (every route for matching, plus the
 * parameters and schemas of the implemented operations) and caches that small subset on disk,
 * keyed by the @octokit/openapi version and the list of implemented operations.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type JsonSchema, toJsonSchema } from "./json-schema.ts";

/** Bump when the shape of the cached file changes. */
const SUBSET_FORMAT = 1;
const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options"] as const;

export interface ParameterSpec {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly docsUrl: string;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly contentTypes: readonly string[];
    readonly schema?: JsonSchema;
  };
  /** JSON response schemas by status code, for checking the stand-in's own answers. */
  readonly responses: Readonly<Record<string, JsonSchema>>;
}

/** [method (upper case), path template, operationId] */
export type RouteEntry = readonly [string, string, string];

export interface OpenApiSubset {
  readonly key: string;
  readonly routes: readonly RouteEntry[];
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  readonly formats: readonly string[];
}

interface Locations {
  readonly specFile: string;
  readonly cacheFile: string;
  readonly version: string;
}

function locate(): Locations {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@octokit/openapi/package.json");
  const packageDir = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const nodeModules = dirname(dirname(packageDir));
  return {
    specFile: join(packageDir, "generated", "api.github.com.json"),
    cacheFile: join(nodeModules, ".cache", "hookbridge", "github-openapi-subset.json"),
    version,
  };
}

function cacheKey(version: string, operationIds: readonly string[]): string {
  const ids = [...operationIds].sort().join(",");
  const digest = createHash("sha256").update(ids).digest("hex").slice(0, 16);
  return `@octokit/openapi@${version};format=${SUBSET_FORMAT};ops=${digest}`;
}

let memo: OpenApiSubset | undefined;

/**
 * Returns the subset for these operations, from memory, from the cache file, or (first run, or
 * after an @octokit/openapi upgrade) by extracting it from the full description.
 */
export function loadOpenApiSubset(operationIds: readonly string[]): OpenApiSubset {
  const where = locate();
  const key = cacheKey(where.version, operationIds);
  if (memo?.key === key) return memo;
  memo = readCache(where.cacheFile, key) ?? buildAndCache(where, key, operationIds);
  return memo;
}

function readCache(file: string, key: string): OpenApiSubset | undefined {
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as OpenApiSubset;
    return cached.key === key ? cached : undefined;
  } catch {
    return undefined;
  }
}

function buildAndCache(
  where: Locations,
  key: string,
  operationIds: readonly string[],
): OpenApiSubset {
  const spec = JSON.parse(readFileSync(where.specFile, "utf8")) as OpenApiDocument;
  const subset = extractSubset(spec, key, operationIds);
  mkdirSync(dirname(where.cacheFile), { recursive: true });
  // Test files run in parallel workers; writing aside and renaming means no reader sees half a file.
  const temporary = `${where.cacheFile}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, JSON.stringify(subset));
  renameSync(temporary, where.cacheFile);
  return subset;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

type RawOperation = {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  externalDocs?: { url?: string };
};

export function extractSubset(
  spec: OpenApiDocument,
  key: string,
  operationIds: readonly string[],
): OpenApiSubset {
  const wanted = new Set(operationIds);
  const routes: RouteEntry[] = [];
  const operations: Record<string, OperationSpec> = {};
  const pending: string[] = [];
  const seen = new Set<string>();
  const onComponent = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      pending.push(name);
    }
  };
  const resolve = <T>(value: unknown): T => resolveRef(spec, value) as T;

  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of HTTP_METHODS) {
      const raw = item[method] as RawOperation | undefined;
      if (!raw?.operationId) continue;
      routes.push([method.toUpperCase(), path, raw.operationId]);
      if (!wanted.has(raw.operationId)) continue;
      operations[raw.operationId] = {
        operationId: raw.operationId,
        method: method.toUpperCase(),
        path,
        docsUrl: raw.externalDocs?.url ?? "https://docs.github.com/rest",
        parameters: [...shared, ...(raw.parameters ?? [])].map((p) => {
          const param = resolve<{ name: string; in: ParameterSpec["in"]; required?: boolean }>(p);
          const schema = (param as { schema?: unknown }).schema;
          return {
            name: param.name,
            in: param.in,
            required: param.required === true,
            schema: toJsonSchema(schema, onComponent),
          };
        }),
        ...requestBodyOf(resolve, raw.requestBody, onComponent),
        responses: responsesOf(resolve, raw.responses ?? {}, onComponent),
      };
    }
  }

  const missing = operationIds.filter((id) => !operations[id]);
  if (missing.length > 0) {
    throw new Error(`operations not in GitHub's OpenAPI description: ${missing.join(", ")}`);
  }

  const definitions: Record<string, JsonSchema> = {};
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    definitions[name] = toJsonSchema(spec.components.schemas?.[name], onComponent);
  }
  const formats = new Set<string>();
  collectFormats({ operations, definitions }, formats);
  return { key, routes, operations, definitions, formats: [...formats].sort() };
}

function requestBodyOf(
  resolve: <T>(value: unknown) => T,
  rawBody: unknown,
  onComponent: (name: string) => void,
): Pick<OperationSpec, "requestBody"> {
  if (rawBody === undefined) return {};
  const body = resolve<{ required?: boolean; content?: Record<string, { schema?: unknown }> }>(
    rawBody,
  );
  const content = body.content ?? {};
  const json = content["application/json"];
  return {
    requestBody: {
      required: body.required === true,
      contentTypes: Object.keys(content),
      ...(json?.schema === undefined ? {} : { schema: toJsonSchema(json.schema, onComponent) }),
    },
  };
}

function responsesOf(
  resolve: <T>(value: unknown) => T,
  rawResponses: Record<string, unknown>,
  onComponent: (name: string) => void,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, rawResponse] of Object.entries(rawResponses)) {
    if (!status.startsWith("2")) continue;
    const response = resolve<{ content?: Record<string, { schema?: unknown }> }>(rawResponse);
    const schema = response.content?.["application/json"]?.schema;
    if (schema !== undefined) out[status] = toJsonSchema(schema, onComponent);
  }
  return out;
}

/** Follows a `#/components/...` reference to a parameter, request body or response object. */
function resolveRef(spec: OpenApiDocument, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== "string") return current;
    current = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], spec);
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  throw new Error("$ref chain too long");
}

function collectFormats(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, into);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") into.add(value);
      else collectFormats(value, into);
    }
  }
}
