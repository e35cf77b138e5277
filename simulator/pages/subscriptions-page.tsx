/** @jsxImportSource hono/jsx */
// "Subscriptions": every subscription, and a button for each customer-side event.
import type { OperationRecord, SubscriptionRecord } from "../core/state";
import type { PlanSeed } from "../seed/load-seed";
import { Layout } from "./layout";

export type SubscriptionRow = {
  sub: SubscriptionRecord;
  plan?: PlanSeed;
  switchablePlans: PlanSeed[];
  pending?: OperationRecord;
  lastWebhook?: string;
};

function EventButton(props: { id: string; event: string; label: string; disabled: boolean }) {
  return (
    <form method="post" action={`/subscriptions/${props.id}/${props.event}`} class="inline">
      <button type="submit" class="secondary" disabled={props.disabled}>
        {props.label}
      </button>
    </form>
  );
}

function Actions(props: { row: SubscriptionRow }) {
  const { sub, plan, switchablePlans, pending } = props.row;
  const locked = pending !== undefined;
  const subscribed = sub.status === "Subscribed" && !locked;
  const suspended = sub.status === "Suspended" && !locked;
  const others = switchablePlans.filter((p) => p.planId !== sub.planId);
  return (
    <div>
      <form method="post" action={`/subscriptions/${sub.id}/landing`} class="inline">
        <button type="submit">Open landing page</button>
      </form>
      {others.length > 0 ? (
        <form method="post" action={`/subscriptions/${sub.id}/change-plan`} class="inline">
          <label for={`plan-${sub.id}`}>New plan</label>
          <select id={`plan-${sub.id}`} name="planId">
            {others.map((p) => (
              <option key={p.planId} value={p.planId}>
                {p.planId}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary" disabled={!subscribed}>
            Change plan
          </button>
        </form>
      ) : null}
      {plan?.isPricePerSeat ? (
        <form method="post" action={`/subscriptions/${sub.id}/change-quantity`} class="inline">
          <label for={`qty-${sub.id}`}>Seats</label>
          <input
            id={`qty-${sub.id}`}
            type="number"
            name="quantity"
            min={plan.minQuantity ?? 1}
            max={plan.maxQuantity}
            value={String(sub.quantity ?? "")}
          />
          <button type="submit" class="secondary" disabled={!subscribed}>
            Change seats
          </button>
        </form>
      ) : null}
      <div>
        <EventButton id={sub.id} event="suspend" label="Payment failed (suspend)" disabled={!subscribed} />
        <EventButton id={sub.id} event="reinstate" label="Payment fixed (reinstate)" disabled={!suspended} />
        <EventButton id={sub.id} event="renew" label="Renew term" disabled={!subscribed} />
        <EventButton id={sub.id} event="expire-grace" label="30-day grace expired" disabled={!suspended} />
        <EventButton id={sub.id} event="cancel" label="Cancel" disabled={locked || sub.status === "Unsubscribed"} />
        <form method="post" action={`/subscriptions/${sub.id}/auto-renew`} class="inline">
          <input type="hidden" name="autoRenew" value={String(!sub.autoRenew)} />
          <button type="submit" class="secondary" disabled={sub.status === "Unsubscribed"}>
            {sub.autoRenew ? "Turn auto-renew off" : "Turn auto-renew on"}
          </button>
        </form>
      </div>
    </div>
  );
}

function termText(sub: SubscriptionRecord): string {
  const { startDate, endDate, termUnit } = sub.term;
  return startDate ? `${startDate.slice(0, 10)} → ${endDate?.slice(0, 10) ?? ""} (${termUnit})` : termUnit;
}

export function SubscriptionsPage(props: {
  rows: SubscriptionRow[];
  total: number;
  now: string;
  notice?: string;
  error?: string;
}) {
  return (
    <Layout title="Subscriptions" notice={props.notice} error={props.error}>
      <p class="muted">
        Marketplace time: {props.now}. Customer-side events send webhooks with{" "}
        <code>operationRequestSource: &quot;Azure&quot;</code>. Plan and seat changes wait for the publisher&apos;s
        answer (ACK window) before they apply.
      </p>
      {props.rows.length === 0 ? (
        <p>
          No subscriptions yet. <a href="/marketplace">Buy one on the Marketplace page.</a>
        </p>
      ) : (
        <table>
          <caption class="muted">
            {props.total > props.rows.length
              ? `The newest ${props.rows.length} of ${props.total} subscriptions`
              : `${props.rows.length} subscription(s), newest first`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col">Status</th>
              <th scope="col">Plan</th>
              <th scope="col">Beneficiary / purchaser</th>
              <th scope="col">Term</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.sub.id}>
                <td>
                  <strong>{row.sub.name}</strong>
                  <br />
                  <code>{row.sub.id}</code>
                  {row.sub.isTest ? <div class="muted">test subscription</div> : null}
                </td>
                <td>
                  {row.sub.status}
                  {row.pending ? (
                    <div class="muted">{`pending: ${row.pending.action} (${row.pending.source})`}</div>
                  ) : null}
                  {row.lastWebhook ? <div class="muted">{`last webhook: ${row.lastWebhook}`}</div> : null}
                </td>
                <td>
                  {`${row.sub.offerId} / ${row.sub.planId}`}
                  {row.sub.quantity !== undefined ? <div>{`${row.sub.quantity} seats`}</div> : null}
                  {row.sub.isFreeTrial ? <div class="muted">free trial</div> : null}
                </td>
                <td>
                  {row.sub.beneficiary.emailId}
                  {row.sub.purchaser.objectId !== row.sub.beneficiary.objectId ? (
                    <div class="muted">{`via ${row.sub.purchaser.emailId} (CSP)`}</div>
                  ) : null}
                </td>
                <td>{termText(row.sub)}</td>
                <td>
                  <Actions row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
