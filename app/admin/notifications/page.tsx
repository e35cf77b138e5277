import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { listChannels, listRules } from "@/lib/data/notification-settings";
import { listRecentNotifications } from "@/lib/data/notifications";
import { getEnv } from "@/lib/env";
import { formatDate } from "@/lib/i18n/format";
import { NOTIFICATION_RULES, ZPendingParams } from "@/lib/notifications/rules";
import { NoAccess } from "../_components/no-access";
import { ChannelForm } from "./channel-form";
import { DeleteChannelButton } from "./delete-channel-button";
import { RuleForm } from "./rule-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.notifications"))("title") };
}

export default async function NotificationsPage() {
  if (!(await staffPageUser("owner", "/admin/notifications"))) return <NoAccess role="owner" />;
  const [t, channels, rules, recent] = await Promise.all([
    getTranslations("staff.notifications"),
    listChannels(),
    listRules(),
    listRecentNotifications(20),
  ]);
  const kindName = (kind: (typeof channels)[number]["kind"]) => t(`channelKinds.${kind}`);
  const { captureMail, smtp } = getEnv().notifications;
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { notifications: staff.notifications } }}>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          {t("intro")}
          {captureMail ? (
            <>
              {" "}
              {t.rich("captureMail", {
                outbox: (chunks) => (
                  <Link href="/admin/notifications/outbox" className="underline">
                    {chunks}
                  </Link>
                ),
              })}
            </>
          ) : smtp ? null : (
            ` ${t("noSmtp")}`
          )}
        </p>

        <section aria-labelledby="channels-title" className="space-y-3">
          <h2 id="channels-title" className="text-lg font-semibold">
            {t("channels")}
          </h2>
          {channels.length ? (
            <table className="min-w-[40rem] text-sm">
              <thead>
                <tr className="text-left">
                  <th scope="col" className="py-1 pr-4">
                    {t("channelTable.name")}
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    {t("channelTable.kind")}
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    {t("channelTable.sendsTo")}
                  </th>
                  <th scope="col" className="py-1">
                    <span className="sr-only">{t("channelTable.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.id} className="border-t border-slate-200">
                    <td className="py-1 pr-4">{c.name}</td>
                    <td className="py-1 pr-4">{kindName(c.kind)}</td>
                    <td className="py-1 pr-4 font-mono text-xs">{c.masked}</td>
                    <td className="py-1">
                      <DeleteChannelButton id={c.id} name={c.name} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-slate-700">{t("noChannel")}</p>
          )}
          <ChannelForm />
        </section>

        <section aria-labelledby="rules-title" className="space-y-3">
          <h2 id="rules-title" className="text-lg font-semibold">
            {t("rules")}
          </h2>
          <ul className="grid max-w-5xl grid-cols-1 gap-3 lg:grid-cols-2">
            {rules.map((r) => {
              const info = NOTIFICATION_RULES[r.kind];
              return (
                <li key={r.kind} className="space-y-2 rounded border border-slate-200 bg-white p-4">
                  <h3 className="font-semibold">{info.label}</h3>
                  <p className="text-sm text-slate-700">{info.description}</p>
                  <RuleForm
                    kind={r.kind}
                    label={info.label}
                    enabled={r.enabled}
                    delivery={r.delivery}
                    channelIds={r.channelIds}
                    params={r.kind === "pending_activation" ? ZPendingParams.parse(r.params ?? {}) : null}
                    channels={channels.map((c) => ({ id: c.id, name: c.name, kind: kindName(c.kind) }))}
                  />
                </li>
              );
            })}
          </ul>
        </section>

        <section aria-labelledby="recent-title" className="space-y-2">
          <h2 id="recent-title" className="text-lg font-semibold">
            {t("recent")}
          </h2>
          {recent.length ? (
            <table className="min-w-[40rem] text-sm">
              <thead>
                <tr className="text-left">
                  <th scope="col" className="py-1 pr-4">
                    {t("recentTable.made")}
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    {t("recentTable.rule")}
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    {t("recentTable.delivery")}
                  </th>
                  <th scope="col" className="py-1 pr-4">
                    {t("recentTable.state")}
                  </th>
                  <th scope="col" className="py-1">
                    {t("recentTable.lastError")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {recent.map((n) => (
                  <tr key={n.id} className="border-t border-slate-200">
                    <td className="py-1 pr-4">{formatDate(n.createdAt)}</td>
                    <td className="py-1 pr-4">
                      {NOTIFICATION_RULES[n.ruleKind as keyof typeof NOTIFICATION_RULES]?.label ?? n.ruleKind}
                    </td>
                    <td className="py-1 pr-4">{n.delivery}</td>
                    <td className="py-1 pr-4">
                      {n.state}
                      {n.attempts > 1 ? ` ${t("attempts", { count: n.attempts })}` : ""}
                    </td>
                    <td className="py-1">{n.lastError ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-slate-700">{t("noneYet")}</p>
          )}
        </section>
      </div>
    </NextIntlClientProvider>
  );
}
