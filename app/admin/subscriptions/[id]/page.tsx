import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasRole } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "../../_components/no-access";
import { getSubscription } from "@/lib/data/subscriptions";
import { getTimeline } from "@/lib/data/timeline";
import { getUser } from "@/lib/data/users";
import { inRequestContext } from "@/lib/http/request-context";
import { choicesUnavailable, getActionChoices, type ActionChoices } from "@/lib/operations/choices";
import { StatusBadge } from "../../_components/status-badge";
import { ActionsPanel } from "./_components/actions-panel";
import { SubscriptionFields } from "./_components/subscription-fields";
import { Timeline } from "./_components/timeline";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.subscription"))("title") };
}

type Props = { params: Promise<{ id: string }> };

export default async function SubscriptionDetailPage({ params }: Props) {
  const { id } = await params;
  const user = await staffPageUser("viewer", `/admin/subscriptions/${id}`);
  if (!user) return <NoAccess role="viewer" />;
  const subscription = await getSubscription(id);
  if (!subscription) notFound();
  const canAct = hasRole(user.roles, "operator");
  // Operators get the choices Microsoft allows now (this also refreshes our copy from Microsoft).
  let choices: ActionChoices | null = null;
  let choicesProblem: string | null = null;
  if (canAct) {
    try {
      choices = await inRequestContext(() => getActionChoices(id));
    } catch (e) {
      choicesProblem = choicesUnavailable(e);
    }
  }
  const [timeline, activatedBy, fresh] = await Promise.all([
    getTimeline(id),
    subscription.activatedById ? getUser(subscription.activatedById) : null,
    getSubscription(id),
  ]);
  const s = fresh ?? subscription;
  const t = await getTranslations("staff");
  return (
    <div className="space-y-6">
      <nav aria-label={t("subscription.breadcrumb")} className="text-sm">
        <Link href="/admin/subscriptions" className="underline underline-offset-2">
          {t("subscriptions.title")}
        </Link>
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{s.name || s.id}</h1>
        <StatusBadge status={s.status} />
      </header>
      <SubscriptionFields s={s} activatedBy={activatedBy?.email ?? activatedBy?.name ?? null} />
      <section aria-labelledby="actions" className="space-y-3">
        <h2 id="actions" className="text-lg font-semibold">
          {t("subscription.actions")}
        </h2>
        {!canAct ? <p className="text-sm text-slate-600">{t("subscription.viewerNote")}</p> : null}
        {choicesProblem ? (
          <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
            {choicesProblem}
          </p>
        ) : null}
        {choices ? <ActionsPanel subscriptionId={s.id} purchasedAt={s.purchasedAt} choices={choices} /> : null}
      </section>
      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-lg font-semibold">
          {t("subscription.timeline")}
        </h2>
        <Timeline events={timeline} />
      </section>
    </div>
  );
}
