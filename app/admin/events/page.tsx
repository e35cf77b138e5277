import type { Metadata } from "next";
import Link from "next/link";
import { staffPageUser } from "@/lib/auth/session";
import { listEndpoints, type EndpointRecord } from "@/lib/data/event-endpoints";
import { listDeliveryAttempts } from "@/lib/data/outbound-replay";
import { NoAccess } from "../_components/no-access";
import { EndpointControls } from "./endpoint-controls";
import { RegisterForm } from "./register-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbound events" };

const LOG_ROWS = 20;
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const when = (d: Date | null) => (d ? `${dateTime.format(d)} UTC` : "—");
const STATUS_LABEL = { active: "Active", paused: "Paused", disabled: "Disabled" } as const;

async function DeliveryLog({ endpoint }: { endpoint: EndpointRecord }) {
  const attempts = await listDeliveryAttempts(endpoint.id, LOG_ROWS);
  if (!attempts.length) return <p className="text-xs text-slate-600">No delivery yet.</p>;
  return (
    <table className="w-full border-collapse text-xs">
      <caption className="sr-only">Delivery log of {endpoint.name}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left">
          {["Time", "Event", "Attempt", "Status", "Latency", "Error"].map((h) => (
            <th key={h} scope="col" className="p-1">
              {h}
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
            <td className="p-1">{a.latencyMs} ms</td>
            <td className="p-1">{a.errorKind && a.errorKind !== "http" ? a.errorKind : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EndpointCard({ endpoint }: { endpoint: EndpointRecord }) {
  return (
    <section
      aria-label={`Endpoint ${endpoint.name}`}
      className="space-y-2 rounded border border-slate-200 bg-white p-4"
    >
      {endpoint.status === "disabled" ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          <strong>Disabled {endpoint.disabledAt ? when(endpoint.disabledAt) : ""}.</strong> {endpoint.disabledReason}{" "}
          Its events are queued ({endpoint.pendingMessages}); re-enable it once the receiver works again.
        </div>
      ) : null}
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">{endpoint.name}</h2>
        <span className="text-sm">{STATUS_LABEL[endpoint.status]}</span>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
        <dt className="text-slate-600">URL</dt>
        <dd className="font-mono text-xs break-all">{endpoint.url}</dd>
        <dt className="text-slate-600">Types</dt>
        <dd className="text-xs">{endpoint.eventTypes.join(", ")}</dd>
        <dt className="text-slate-600">Queued</dt>
        <dd>{endpoint.pendingMessages}</dd>
        <dt className="text-slate-600">Last success</dt>
        <dd>{when(endpoint.lastSuccessAt)}</dd>
        {endpoint.failingSince ? (
          <>
            <dt className="text-slate-600">Failing since</dt>
            <dd>
              {when(endpoint.failingSince)} ({endpoint.failuresSinceSuccess} failed attempts)
            </dd>
          </>
        ) : null}
        {endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? (
          <>
            <dt className="text-slate-600">Previous secret</dt>
            <dd>signs too until {when(endpoint.previousSecretExpiresAt)}</dd>
          </>
        ) : null}
      </dl>
      <EndpointControls id={endpoint.id} name={endpoint.name} status={endpoint.status} />
      <h3 className="text-sm font-medium">Latest deliveries</h3>
      <DeliveryLog endpoint={endpoint} />
    </section>
  );
}

export default async function OutboundEventsPage() {
  if (!(await staffPageUser("owner", "/admin/events"))) return <NoAccess role="owner" />;
  const endpoints = await listEndpoints();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Outbound events</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        The portal tells your application about every change of a subscription by POSTing a signed event (Standard
        Webhooks) to the endpoints registered here: in order per subscription, retried with backoff for 3 days, each
        with a stable <code>webhook-id</code> to dedupe on. The payload is documented in the{" "}
        <Link href="/docs/api" className="underline">
          API reference
        </Link>
        . An endpoint that answers 410, or fails without a success for a day, is disabled; its events wait for you to
        re-enable it.
      </p>
      <RegisterForm />
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
      {endpoints.length === 0 ? <p className="text-sm text-slate-600">No endpoints yet.</p> : null}
    </div>
  );
}
