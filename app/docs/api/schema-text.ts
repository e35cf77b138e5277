/**
 * Words for the JSON Schemas of the OpenAPI document, for the reference page: a type in one short line
 * (`string | null`, `array of Subscription`, `one of: Subscribed, Suspended`), and an object's fields.
 */

export type JsonSchema = {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  format?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
};

/** `#/components/schemas/Subscription` → `Subscription`. */
export const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

export function typeText(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return `one of: ${schema.enum.map(String).join(", ")}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeText).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return (
    types
      .map((t) => {
        if (t === "array") return `array of ${typeText(schema.items)}`;
        if (t === "string" && schema.format) return `string (${schema.format === "uuid" ? "GUID" : schema.format})`;
        if (t === "integer" && schema.minimum !== undefined && schema.maximum !== undefined)
          return `integer ${schema.minimum}–${schema.maximum}`;
        return t;
      })
      .join(" | ") || "any"
  );
}

export type Field = { name: string; type: string; required: boolean; description: string };

export function fieldsOf(schema: JsonSchema): Field[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeText(property),
    required: schema.required?.includes(name) ?? false,
    description: property.description ?? "",
  }));
}
