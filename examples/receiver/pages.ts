/** The receiver's pages: plain HTML, every value escaped. */
import type { ReceivedEvent } from "./events";
import type { HandoffResult, HandoffSubscription } from "./handoff";
import type { Tenant } from "./provisioning";

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function welcomePage(s: HandoffSubscription): string {
  const rows: [string, string][] = [
    ["Subscription", s.subscriptionId],
    ["Offer", s.offerId],
    ["Plan", s.planId],
    ["Seats", s.seats === null ? "not a per-seat plan" : String(s.seats)],
    ["Tenant", s.tenantId ?? "unknown"],
    ["User (object id)", s.objectId ?? "unknown"],
    ...Object.entries(s.buyer).map(([name, value]): [string, string] => [`Landing form: ${name}`, value]),
  ];
  const list = rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join("\n");
  return page(
    "Your subscription is ready",
    `<p>The portal handed this subscription over with a verified signature.</p>\n<dl aria-label="Subscription">\n${list}\n</dl>`,
  );
}

const REFUSALS: Record<Exclude<HandoffResult, { ok: true }>["reason"], { title: string; text: string }> = {
  expired: {
    title: "This link has expired",
    text: "Links from the portal are valid for a few minutes. Go back to the portal's page, reload it, and click “Open the app” again.",
  },
  used: {
    title: "This link was already used",
    text: "Each link from the portal opens the app once. Go back to the portal's page, reload it, and click “Open the app” again.",
  },
  invalid: {
    title: "This link could not be verified",
    text: "It was not signed by the portal for this app, or it was changed on the way. Open the app from the portal's page.",
  },
};

export function refusedPage(reason: keyof typeof REFUSALS, code?: string): string {
  const { title, text } = REFUSALS[reason];
  return page(title, `<p>${escape(text)}</p>${code ? `\n<p><small>Reason: ${escape(code)}</small></p>` : ""}`);
}

const table = (caption: string, headings: string[], rows: string[][]): string => {
  const head = headings.map((h) => `<th scope="col">${escape(h)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("\n");
  const none = `<tr><td colspan="${headings.length}">None yet.</td></tr>`;
  return `<table><caption>${escape(caption)}</caption><thead><tr>${head}</tr></thead>\n<tbody>${body || none}</tbody></table>`;
};

/** The home page: the tenants provisioned, and the portal's events received so far, newest first. */
export function homePage(events: readonly ReceivedEvent[], tenants: readonly Tenant[]): string {
  const tenantRows = tenants.map((t) => [
    t.subscriptionId,
    t.planId ?? "",
    t.seats === null ? "" : String(t.seats),
    t.status,
    t.createdAt,
    t.answeredAt ?? "not yet",
  ]);
  const eventRows = [...events].reverse().map((e) => [e.receivedAt, e.type, e.subscriptionId ?? "", e.webhookId]);
  return page(
    "Reference receiver",
    `<p>Open me from the portal.</p>
${table("Tenants (provisioned once per subscription)", ["Subscription", "Plan", "Seats", "Status", "Created", "Portal told"], tenantRows)}
${table("Events received from the portal (signature verified, each once)", ["Received", "Type", "Subscription", "webhook-id"], eventRows)}`,
  );
}
