import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PROBLEM_TYPES, type ProblemTypeName } from "@/lib/http/problem-types";

// The page a problem's `type` URI leads to (RFC 9457 §3.1.1: it should point at documentation for people).
// Written for developers of the portal's API callers: English, from the catalogue the answers come from.

type Props = { params: Promise<{ type: string }> };

function problemType(name: string) {
  return Object.hasOwn(PROBLEM_TYPES, name) ? PROBLEM_TYPES[name as ProblemTypeName] : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = problemType((await params).type);
  return { title: found ? `Problem: ${found.title}` : "Problem type" };
}

export default async function ProblemTypePage({ params }: Props) {
  const { type } = await params;
  const found = problemType(type);
  if (!found) notFound();
  return (
    <article className="max-w-2xl space-y-4">
      <p className="text-sm text-slate-600">Problem type (RFC 9457)</p>
      <h1 className="text-2xl font-semibold">{found.title}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">HTTP status</dt>
        <dd>{found.status}</dd>
        <dt className="font-medium">Name</dt>
        <dd>
          <code>{type}</code>
        </dd>
      </dl>
      {/* The catalogue marks code with backticks. */}
      <p className="text-slate-700">
        {found.description.split("`").map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
      </p>
      <p className="text-sm text-slate-600">
        Every problem also carries <code>requestId</code>: quote it to the portal&apos;s operators, who find the
        request&apos;s log lines by it.
      </p>
    </article>
  );
}
