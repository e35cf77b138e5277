import type { Metadata } from "next";
import Link from "next/link";
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
export const metadata: Metadata = { title: "Notifications" };

const CHANNEL_NAMES = { email: "E-mail", teams: "Microsoft Teams", slack: "Slack" } as const;

export default async function NotificationsPage() {
  if (!(await staffPageUser("owner", "/admin/notifications"))) return <NoAccess role="owner" />;
  const [channels, rules, recent] = await Promise.all([listChannels(), listRules(), listRecentNotifications(20)]);
  const { captureMail, smtp } = getEnv().notifications;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Notifications</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Tell your staff about purchases, cancellations and a failing integration without watching the dashboard. Each
        notification is sent once, whatever the number of portal instances, and links to the page that explains it.
        {captureMail ? (
          <>
            {" "}
            No SMTP server is set (local mode): e-mail is kept in the{" "}
            <Link href="/admin/notifications/outbox" className="underline">
              outbox
            </Link>{" "}
            instead of being sent.
          </>
        ) : smtp ? null : (
          " No SMTP server is set (SMTP_URL): e-mail channels cannot send."
        )}
      </p>

      <section aria-labelledby="channels-title" className="space-y-3">
        <h2 id="channels-title" className="text-lg font-semibold">
          Channels
        </h2>
        {channels.length ? (
          <table className="min-w-[40rem] text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col" className="py-1 pr-4">
                  Name
                </th>
                <th scope="col" className="py-1 pr-4">
                  Kind
                </th>
                <th scope="col" className="py-1 pr-4">
                  Sends to
                </th>
                <th scope="col" className="py-1">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-slate-200">
                  <td className="py-1 pr-4">{c.name}</td>
                  <td className="py-1 pr-4">{CHANNEL_NAMES[c.kind]}</td>
                  <td className="py-1 pr-4 font-mono text-xs">{c.masked}</td>
                  <td className="py-1">
                    <DeleteChannelButton id={c.id} name={c.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-700">No channel yet.</p>
        )}
        <ChannelForm />
      </section>

      <section aria-labelledby="rules-title" className="space-y-3">
        <h2 id="rules-title" className="text-lg font-semibold">
          Rules
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
                  channels={channels.map((c) => ({ id: c.id, name: c.name, kind: CHANNEL_NAMES[c.kind] }))}
                />
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="recent-title" className="space-y-2">
        <h2 id="recent-title" className="text-lg font-semibold">
          Recent notifications
        </h2>
        {recent.length ? (
          <table className="min-w-[40rem] text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col" className="py-1 pr-4">
                  Made
                </th>
                <th scope="col" className="py-1 pr-4">
                  Rule
                </th>
                <th scope="col" className="py-1 pr-4">
                  Delivery
                </th>
                <th scope="col" className="py-1 pr-4">
                  State
                </th>
                <th scope="col" className="py-1">
                  Last error
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
                    {n.attempts > 1 ? ` (${n.attempts} attempts)` : ""}
                  </td>
                  <td className="py-1">{n.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-700">None yet.</p>
        )}
      </section>
    </div>
  );
}
