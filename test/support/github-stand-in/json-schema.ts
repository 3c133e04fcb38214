/**
 * Turns OpenAPI 3.0 schema objects into JSON Schema that ajv (draft-07) compiles in strict mode.
 * OpenAPI 3.0 is a dialect: `nullable` instead of a `"null"` type, an `example` keyword ajv
 * does not know, and vendor `x-` keys. Component references are rewritten to point into one
 * shared definitions document so recursive schemas stay finite.
 */

export type JsonSchema = { [key: string]: unknown };

/** The `$id` of the document holding every component schema an operation refers to. */
export const DEFINITIONS_ID = "github-openapi";

const COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";

/** Keywords that only document a schema; dropping them keeps the cached subset small. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "externalDocs",
  "xml",
  "discriminator",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not", "additionalItems"]);

export function definitionRef(name: string): string {
  return `${DEFINITIONS_ID}#/definitions/${name}`;
}

/**
 * Converts one schema. `onComponent` is told about every component schema referenced, so the
 * caller can pull exactly those into the definitions document.
 */
export function toJsonSchema(schema: unknown, onComponent: (name: string) => void): JsonSchema {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return {};
  const source = schema as JsonSchema;
  const ref = source.$ref;
  if (typeof ref === "string") {
    if (!ref.startsWith(COMPONENT_SCHEMA_PREFIX)) {
      throw new Error(`unsupported $ref in a schema: ${ref}`);
    }
    const name = ref.slice(COMPONENT_SCHEMA_PREFIX.length);
    onComponent(name);
    // A sibling `nullable` next to a $ref is ignored by OpenAPI 3.0 itself, so only the ref counts.
    return { $ref: definitionRef(name) };
  }

  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === "object") {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, onComponent)]),
      );
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, onComponent));
    } else if (SCHEMA_VALUES.has(key) && typeof value === "object" && value !== null) {
      out[key] = toJsonSchema(value, onComponent);
    } else {
      out[key] = value;
    }
  }
  return source.nullable === true ? allowNull(out) : out;
}

function allowNull(schema: JsonSchema): JsonSchema {
  const result = { ...schema };
  if (Array.isArray(result.enum) && !result.enum.includes(null)) {
    result.enum = [...result.enum, null];
  }
  if (typeof result.type === "string") {
    result.type = [result.type, "null"];
    return result;
  }
  if (result.type === undefined) {
    // No type to widen (e.g. a nullable oneOf): null becomes its own alternative.
    return { anyOf: [{ type: "null" }, result] };
  }
  return result;
}
