import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "../_components/no-access";
import { countDeliveriesByStatus, countNeedingAttention, listInbox } from "@/lib/data/webhook-inbox";
import { RERUNNABLE } from "@/lib/webhooks/rerun";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { StatusBadge } from "../_components/status-badge";
import { AttemptList } from "./_components/attempt-list";
import { RerunButton } from "./_components/rerun-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook inbox" };

const STATUSES = ["Received", "Applied", "Pending", "Ignored", "Failed", "Refused"] as const;
const ZQuery = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  attention: z.literal("1").optional().catch(undefined),
  cursor: z.uuid().optional().catch(undefined),
  subscription: z.string().trim().max(100).optional().catch(undefined),
});

type Props = { searchParams: Promise<RawSearchParams> };

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
const href = (q: { status?: string; attention?: string; cursor?: string; subscription?: string }) => {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
  return `/admin/webhooks${params.size ? `?${params}` : ""}`;
};

export default async function WebhookInboxPage({ searchParams }: Props) {
  const user = await staffPageUser("viewer", "/admin/webhooks");
  if (!user) return <NoAccess role="viewer" />;
  const query = ZQuery.parse(await pageParams(searchParams, "/admin/webhooks", ["status", "attention", "cursor", "subscription"]));
  const subscription = query.subscription || undefined;
  const attention = query.attention === "1";
  const [page, counts, flagged] = await Promise.all([
    listInbox({ status: query.status, attention, cursor: query.cursor, subscriptionId: subscription }),
    countDeliveriesByStatus(),
    countNeedingAttention(),
  ]);
  const canRerun = hasRole(user.roles, "owner");
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const filters = [
    { label: "All", status: undefined, attention: undefined, count: total },
    ...STATUSES.map((s) => ({ label: s, status: s, attention: undefined, count: counts[s] ?? 0 })),
    { label: "Needs attention", status: undefined, attention: "1", count: flagged },
  ];
  const current = (f: { status?: string; attention?: string }) => query.status === f.status && query.attention === f.attention;

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Webhook inbox</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Every notification Microsoft sent to the webhook, once per operation however often it was delivered. Each is confirmed with Microsoft before it
        is applied. <strong>Pending</strong>: the portal&apos;s answer reached Microsoft, but Microsoft&apos;s subscription did not show the change yet; the
        portal reads it again for about a minute (reconciliation repairs it after a restart). <strong>Failed</strong>: Microsoft or the database could not
        be reached; Microsoft retries for hours. <strong>Refused</strong>: it did not match what Microsoft&apos;s Operations API says, so nothing was applied.
        Owners can re-run all three. <strong>Needs attention</strong>: Microsoft sent an action or a status it has not documented; it was acknowledged, and
        an operator should check what it means.
      </p>
      <nav aria-label="Filter by status">
        <ul className="flex flex-wrap gap-1 text-sm">
          {filters.map((f) => (
            <li key={f.label}>
              <Link
                href={href({ status: f.status, attention: f.attention, subscription })}
                aria-current={current(f) ? "page" : undefined}
                className={`inline-block rounded-full border px-3 py-1 ${current(f) ? "border-brand-700 bg-brand-50 font-medium" : "border-slate-300 hover:bg-slate-100"}`}
              >
                {f.label} <span className="text-slate-600">({f.count})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form className="flex flex-wrap items-center gap-2" role="search">
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        {attention ? <input type="hidden" name="attention" value="1" /> : null}
        <label htmlFor="subscription" className="text-sm">Subscription id</label>
        <input id="subscription" name="subscription" defaultValue={subscription ?? ""} className="w-96 max-w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
        <button type="submit" className="rounded border border-slate-300 px-3 py-1.5 text-sm">Show</button>
      </form>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Webhook deliveries, newest first</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            <th scope="col" className="p-2">Received</th>
            <th scope="col" className="p-2">Action</th>
            <th scope="col" className="p-2">Subscription</th>
            <th scope="col" className="p-2">Status</th>
            <th scope="col" className="p-2">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((d) => (
            <tr key={d.id} className="border-b border-slate-100 align-top" data-operation-id={d.operationId}>
              <td className="whitespace-nowrap p-2"><time dateTime={d.receivedAt.toISOString()}>{when(d.receivedAt)}</time></td>
              <td className="p-2"><span className="font-medium">{d.action}</span><br /><span className="text-xs text-slate-500">operation {d.operationId}</span></td>
              <td className="p-2 text-xs">{d.subscriptionId ? <Link href={`/admin/subscriptions/${d.subscriptionId}`} className="underline underline-offset-2">{d.subscriptionId}</Link> : "—"}</td>
              <td className="p-2"><StatusBadge status={d.status} /></td>
              <td className="p-2">
                {d.attention ? (
                  <p className="mb-1 rounded border border-amber-300 bg-amber-50 p-1.5 text-amber-950">
                    <strong>Needs attention:</strong> {d.attention}
                  </p>
                ) : null}
                <p className="text-slate-700">{d.outcome ?? "Being applied…"}</p>
                <AttemptList attempts={d.attemptLog} total={d.attempts} />
                {canRerun && RERUNNABLE.includes(d.status) ? <div className="mt-2"><RerunButton deliveryId={d.id} operationId={d.operationId} /></div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No deliveries{query.status ? ` with status ${query.status}` : ""}{attention ? " needing attention" : ""}.</p> : null}
      <nav aria-label="Pages" className="flex gap-3 text-sm">
        {query.cursor ? <Link href={href({ status: query.status, attention: query.attention, subscription })} className="underline underline-offset-2">Newest</Link> : null}
        {page.nextCursor ? <Link href={href({ status: query.status, attention: query.attention, subscription, cursor: page.nextCursor })} className="underline underline-offset-2">Older</Link> : null}
      </nav>
    </div>
  );
}
