import type { Metadata } from "next";
import Link from "next/link";
import { apiV1Document } from "@/app/api/v1/document";
import { getEnv } from "@/lib/env";
import { fieldsOf, refName, typeText, type Field, type JsonSchema } from "./schema-text";

// The integration API's reference, rendered on the server from the OpenAPI document the API serves
// (/api/v1/openapi.json): one source, and nothing loaded from elsewhere (a renderer library would need a CDN).

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Integration API reference" };

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type Content = Record<string, { schema?: JsonSchema }>;
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  responses: Record<string, { description: string; content?: Content }>;
};
type Doc = {
  info: { title: string; description?: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** Backticks in the document's prose mark code. */
const prose = (text: string | undefined) =>
  (text ?? "").split("`").map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));

function FieldTable({ caption, fields }: { caption: string; fields: Field[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left">
          {["Name", "Type", "Required", "Description"].map((h) => (
            <th key={h} scope="col" className="p-2">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.name} className="border-b border-slate-100 align-top">
            <td className="p-2 font-mono text-xs">{f.name}</td>
            <td className="p-2 text-xs">{f.type}</td>
            <td className="p-2 text-xs">{f.required ? "yes" : "no"}</td>
            <td className="p-2 text-xs">{prose(f.description)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SchemaLink({ schema }: { schema?: JsonSchema }) {
  if (!schema) return null;
  return schema.$ref ? (
    <a href={`#schema-${refName(schema.$ref)}`} className="underline">
      {refName(schema.$ref)}
    </a>
  ) : (
    <>{typeText(schema)}</>
  );
}

function OperationSection({ method, path, op }: { method: string; path: string; op: Operation }) {
  const scopes = op.security?.flatMap((s) => Object.values(s).flat()) ?? [];
  const parameters = (op.parameters ?? []).map((p) => ({
    name: `${p.name} (${p.in})`,
    type: typeText(p.schema),
    required: !!p.required,
    description: p.description ?? p.schema?.description ?? "",
  }));
  return (
    <section id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-2">
      <h3 id={`${op.operationId}-title`} className="text-lg font-semibold">
        <span className="mr-2 rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs text-white">
          {method.toUpperCase()}
        </span>
        <code>{path}</code> — {op.summary}
      </h3>
      <p className="text-sm text-slate-700">{prose(op.description)}</p>
      <p className="text-sm">
        {scopes.length ? (
          <>
            API key with the scope <code>{scopes.join(", ")}</code>
          </>
        ) : (
          "No authentication."
        )}
      </p>
      {parameters.length ? <FieldTable caption={`Parameters of ${op.operationId}`} fields={parameters} /> : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {Object.entries(op.responses).map(([status, response]) => (
          <div key={status} className="contents">
            <dt className="font-mono">{status}</dt>
            <dd>
              {Object.entries(response.content ?? {}).map(([type, media]) => (
                <span key={type} className="mr-2 text-xs text-slate-600">
                  {type}: <SchemaLink schema={media.schema} />
                </span>
              ))}
              <span className="block text-xs">{prose(response.description)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function ApiReferencePage() {
  const doc = apiV1Document(getEnv().portalUrl) as unknown as Doc;
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return (
    <article className="max-w-5xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{doc.info.title}</h1>
        <p className="text-sm text-slate-600">Version {doc.info.version}</p>
        <p className="text-slate-700">{prose(doc.info.description)}</p>
        <p className="text-sm">
          OpenAPI 3.1 document:{" "}
          <a href="/api/v1/openapi.json" className="underline">
            /api/v1/openapi.json
          </a>{" "}
          (for client generators). Problem types:{" "}
          <Link href="/docs/problems/unauthenticated" className="underline">
            /docs/problems/…
          </Link>
        </p>
      </header>
      <section aria-labelledby="operations" className="space-y-6">
        <h2 id="operations" className="text-xl font-semibold">
          Operations
        </h2>
        {Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <OperationSection key={`${method} ${path}`} method={method} path={path} op={op} />
          )),
        )}
      </section>
      <section aria-labelledby="schemas" className="space-y-4">
        <h2 id="schemas" className="text-xl font-semibold">
          Schemas
        </h2>
        {schemas.map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="space-y-1">
            <h3 className="font-semibold">{name}</h3>
            {schema.description ? <p className="text-sm text-slate-700">{prose(schema.description)}</p> : null}
            <FieldTable caption={`Fields of ${name}`} fields={fieldsOf(schema)} />
          </div>
        ))}
      </section>
    </article>
  );
}
