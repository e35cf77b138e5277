import type { Metadata } from "next";
import { countSubscriptionsByStatus } from "@/lib/data/subscriptions";
import { requireRole } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage() {
  await requireRole("viewer");
  const t = getMessages();
  const counts = await countSubscriptionsByStatus();
  return (
    <section aria-labelledby="by-status" className="space-y-4">
      <h1 className="text-2xl font-semibold">{t.admin.overview}</h1>
      <h2 id="by-status" className="text-lg font-medium">{t.admin.subscriptionsByStatus}</h2>
      {counts.length ? (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {counts.map((c) => (
            <div key={c.status} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-600">{c.status}</dt>
              <dd className="text-2xl font-semibold">{c.count}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-slate-600">{t.admin.noSubscriptions}</p>
      )}
    </section>
  );
}
