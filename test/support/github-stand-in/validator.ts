/**
 * Checks requests (and, for self-tests, responses) against the OpenAPI subset. Schemas compile
 * lazily, once per operation, because most test files touch only a handful of operations.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { DEFINITIONS_ID, type JsonSchema } from "./json-schema.ts";
import type { OpenApiSubset, OperationSpec } from "./openapi-subset.ts";

const addFormats = addFormatsModule.default;

export interface ValidationIssue {
  /** Where the problem is: `path`, `query` or `body`. */
  readonly location: "path" | "query" | "body";
  /** e.g. `/output/annotations/0/annotation_level`; empty for the whole value. */
  readonly pointer: string;
  /** A sentence in the style GitHub uses for schema failures. */
  readonly message: string;
}

interface CompiledOperation {
  readonly path: ValidateFunction;
  readonly query: ValidateFunction;
  readonly body?: ValidateFunction;
}

function newAjv(subset: OpenApiSubset, coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    coerceTypes,
    strict: true,
    // GitHub's schemas often omit `type` next to `properties`; that is valid, just loose.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv);
  const known = new Set(Object.keys(ajv.formats));
  for (const format of subset.formats) {
    // GitHub's own formats (repo.nwo, timestamp, ...) document intent rather than constrain.
    if (!known.has(format)) ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: DEFINITIONS_ID, definitions: subset.definitions });
  return ajv;
}

export class OpenApiValidator {
  readonly #subset: OpenApiSubset;
  #bodies?: Ajv;
  #params?: Ajv;
  readonly #compiled = new Map<string, CompiledOperation>();
  readonly #responses = new Map<string, ValidateFunction>();

  constructor(subset: OpenApiSubset) {
    this.#subset = subset;
  }

  operation(operationId: string): OperationSpec | undefined {
    return this.#subset.operations[operationId];
  }

  /**
   * Validates path and query parameters (coercing them to their schema types in place, so handlers
   * get numbers for integer parameters) and the JSON body.
   */
  validateRequest(
    operationId: string,
    pathParams: Record<string, unknown>,
    query: Record<string, unknown>,
    body: unknown,
  ): ValidationIssue[] {
    const compiled = this.#compile(operationId);
    const issues: ValidationIssue[] = [];
    if (!compiled.path(pathParams)) issues.push(...describe("path", compiled.path.errors));
    if (!compiled.query(query)) issues.push(...describe("query", compiled.query.errors));
    if (compiled.body && !compiled.body(body))
      issues.push(...describe("body", compiled.body.errors));
    return issues;
  }

  /** Checks a response body against the description; used to keep the stand-in honest. */
  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const spec = this.#subset.operations[operationId];
    const schema = spec?.responses[String(status)];
    if (!schema) return [`no JSON response schema for ${operationId} ${status}`];
    const cacheKey = `${operationId} ${status}`;
    let validate = this.#responses.get(cacheKey);
    if (!validate) {
      this.#bodies ??= newAjv(this.#subset, false);
      validate = this.#bodies.compile(schema);
      this.#responses.set(cacheKey, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
    );
  }

  #compile(operationId: string): CompiledOperation {
    const existing = this.#compiled.get(operationId);
    if (existing) return existing;
    const spec = this.#subset.operations[operationId];
    if (!spec) throw new Error(`no OpenAPI operation ${operationId}`);
    this.#params ??= newAjv(this.#subset, true);
    this.#bodies ??= newAjv(this.#subset, false);
    const schema = spec.requestBody?.schema;
    const compiled: CompiledOperation = {
      path: this.#params.compile(parametersSchema(spec, "path")),
      query: this.#params.compile(parametersSchema(spec, "query")),
      ...(schema ? { body: this.#bodies.compile(schema) } : {}),
    };
    this.#compiled.set(operationId, compiled);
    return compiled;
  }
}

function parametersSchema(spec: OperationSpec, location: "path" | "query"): JsonSchema {
  const params = spec.parameters.filter((p) => p.in === location);
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

function describe(
  location: ValidationIssue["location"],
  errors: ErrorObject[] | null | undefined,
): ValidationIssue[] {
  const all = errors ?? [];
  const composites = all.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const branchOf = (e: ErrorObject) =>
    composites.find((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  // Branch failures are folded into their oneOf/anyOf, the way GitHub reports them.
  return all
    .filter((e) => !branchOf(e))
    .map((error) => {
      const branches = all.filter((e) => branchOf(e) === error).map(sentence);
      const message =
        branches.length > 0
          ? `${sentence(error)} ${[...new Set(branches)].join(" ")}`
          : sentence(error);
      return { location, pointer: pointerOf(error), message };
    });
}

function pointerOf(error: ErrorObject): string {
  const base = error.instancePath;
  if (error.keyword === "required") {
    return `${base}/${(error.params as { missingProperty: string }).missingProperty}`;
  }
  if (error.keyword === "additionalProperties") {
    return `${base}/${(error.params as { additionalProperty: string }).additionalProperty}`;
  }
  return base;
}

function field(error: ErrorObject): string {
  return error.instancePath.replace(/^\//, "") || "the request";
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function sentence(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `"${params.missingProperty as string}" wasn't supplied.`;
    case "additionalProperties":
      return `"${params.additionalProperty as string}" is not a permitted key.`;
    case "enum":
      return `For '${field(error)}', ${shown(error.data)} is not a member of ${JSON.stringify(params.allowedValues)}.`;
    case "maxLength":
      return `For '${field(error)}', ${shown(error.data)} is too long (maximum is ${params.limit as number} characters).`;
    case "minLength":
      return `For '${field(error)}', ${shown(error.data)} is too short (minimum is ${params.limit as number} characters).`;
    case "maxProperties":
      return `For '${field(error)}', ${shown(error.data)} has more than ${params.limit as number} properties.`;
    case "maxItems":
      return `For '${field(error)}', the array has more than ${params.limit as number} items.`;
    case "minItems":
      return `For '${field(error)}', the array has fewer than ${params.limit as number} items.`;
    case "type":
      return `For '${field(error)}', ${shown(error.data)} is not ${article(String(params.type))}.`;
    case "format":
      return `For '${field(error)}', ${shown(error.data)} is not a valid ${params.format as string}.`;
    case "oneOf":
    case "anyOf":
      return params.passingSchemas
        ? `For '${field(error)}', more than one subschema in "${error.keyword}" matched.`
        : error.instancePath === ""
          ? `No subschema in "${error.keyword}" matched.`
          : `For '${field(error)}', no subschema in "${error.keyword}" matched.`;
    default:
      return `For '${field(error)}', ${shown(error.data)} ${error.message ?? "is invalid"}.`;
  }
}

function article(type: string): string {
  const first = type.split(",")[0] ?? type;
  return /^[aeiou]/.test(first) ? `an ${first}` : `a ${first}`;
}
