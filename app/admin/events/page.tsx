import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { listEndpoints, type EndpointRecord } from "@/lib/data/event-endpoints";
import { listDeliveryAttempts } from "@/lib/data/outbound-replay";
import { NoAccess } from "../_components/no-access";
import { EndpointControls } from "./endpoint-controls";
import { RegisterForm } from "./register-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.events"))("title") };
}

const LOG_ROWS = 20;
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const when = (d: Date | null) => (d ? `${dateTime.format(d)} UTC` : "—");

async function DeliveryLog({ endpoint }: { endpoint: EndpointRecord }) {
  const t = await getTranslations("staff.events");
  const attempts = await listDeliveryAttempts(endpoint.id, LOG_ROWS);
  if (!attempts.length) return <p className="text-xs text-slate-600">{t("noDelivery")}</p>;
  return (
    <table className="w-full border-collapse text-xs">
      <caption className="sr-only">{t("logCaption", { name: endpoint.name })}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left">
          {(["time", "event", "attempt", "status", "latency", "error"] as const).map((h) => (
            <th key={h} scope="col" className="p-1">
              {t(`log.${h}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.id} className="border-b border-slate-100">
            <td className="p-1">{when(a.at)}</td>
            <td className="p-1">
              <span className="font-mono">evt_{a.eventId}</span>{" "}
              {a.eventType === "event_endpoint.tested" ? "endpoint.test" : a.eventType}
            </td>
            <td className="p-1">{a.attempt}</td>
            <td className="p-1">{a.httpStatus ?? "—"}</td>
            <td className="p-1">{t("latencyMs", { ms: a.latencyMs })}</td>
            <td className="p-1">{a.errorKind && a.errorKind !== "http" ? a.errorKind : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function EndpointCard({ endpoint }: { endpoint: EndpointRecord }) {
  const t = await getTranslations("staff.events");
  return (
    <section
      aria-label={t("endpointLabel", { name: endpoint.name })}
      className="space-y-2 rounded border border-slate-200 bg-white p-4"
    >
      {endpoint.status === "disabled" ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          <strong>{t("disabledAt", { when: endpoint.disabledAt ? when(endpoint.disabledAt) : "" })}</strong>{" "}
          {endpoint.disabledReason} {t("disabledQueued", { count: endpoint.pendingMessages })}
        </div>
      ) : null}
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">{endpoint.name}</h2>
        <span className="text-sm">{t(`status.${endpoint.status}`)}</span>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
        <dt className="text-slate-600">{t("url")}</dt>
        <dd className="font-mono text-xs break-all">{endpoint.url}</dd>
        <dt className="text-slate-600">{t("types")}</dt>
        <dd className="text-xs">{endpoint.eventTypes.join(", ")}</dd>
        <dt className="text-slate-600">{t("queued")}</dt>
        <dd>{endpoint.pendingMessages}</dd>
        <dt className="text-slate-600">{t("lastSuccess")}</dt>
        <dd>{when(endpoint.lastSuccessAt)}</dd>
        {endpoint.failingSince ? (
          <>
            <dt className="text-slate-600">{t("failingSince")}</dt>
            <dd>{t("failedAttempts", { when: when(endpoint.failingSince), count: endpoint.failuresSinceSuccess })}</dd>
          </>
        ) : null}
        {endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? (
          <>
            <dt className="text-slate-600">{t("previousSecret")}</dt>
            <dd>{t("signsUntil", { when: when(endpoint.previousSecretExpiresAt) })}</dd>
          </>
        ) : null}
      </dl>
      <EndpointControls id={endpoint.id} name={endpoint.name} status={endpoint.status} />
      <h3 className="text-sm font-medium">{t("latestDeliveries")}</h3>
      <DeliveryLog endpoint={endpoint} />
    </section>
  );
}

export default async function OutboundEventsPage() {
  if (!(await staffPageUser("owner", "/admin/events"))) return <NoAccess role="owner" />;
  const [t, endpoints] = await Promise.all([getTranslations("staff.events"), listEndpoints()]);
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { events: staff.events, secretReveal: staff.secretReveal } }}>
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          {t.rich("intro", {
            code: (chunks) => <code>{chunks}</code>,
            reference: (chunks) => (
              <Link href="/docs/api" className="underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
        <RegisterForm />
        {endpoints.map((endpoint) => (
          <EndpointCard key={endpoint.id} endpoint={endpoint} />
        ))}
        {endpoints.length === 0 ? <p className="text-sm text-slate-600">{t("noEndpoints")}</p> : null}
      </div>
    </NextIntlClientProvider>
  );
}
