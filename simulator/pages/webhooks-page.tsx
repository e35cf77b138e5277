/** @jsxImportSource hono/jsx */
// "Webhook log": every delivery with each attempt's status code or error and latency.
import type { DeliveryRecord } from "../core/state";
import { Layout } from "./layout";

function attemptText(d: DeliveryRecord): string {
  if (d.attempts.length === 0) return d.state === "dropped" ? "not sent (dropped)" : "none yet";
  return d.attempts
    .map(
      (a) =>
        `#${a.number} ${a.statusCode !== undefined ? `HTTP ${a.statusCode}` : (a.error ?? "?")} in ${a.durationMs} ms`,
    )
    .join("; ");
}

export function WebhooksPage(props: { deliveries: DeliveryRecord[]; url: string; tokenVersion: number }) {
  return (
    <Layout title="Webhook log">
      <p>
        Target: <code>{props.url}</code>. Each call carries <code>Authorization: Bearer</code> with a v
        {props.tokenVersion} Entra token (aud = the fulfillment app). Non-2xx answers and timeouts are retried with
        backoff. <a href="/_sim/webhooks">JSON</a>
      </p>
      {props.deliveries.length === 0 ? (
        <p>No webhook sent yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Action</th>
              <th scope="col">Subscription / operation</th>
              <th scope="col">State</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.createdAt}</td>
                <td>
                  {d.action}
                  <div class="muted">{`source ${d.payload.operationRequestSource}`}</div>
                </td>
                <td>
                  <code>{d.subscriptionId}</code>
                  <br />
                  <code>{d.operationId}</code>
                </td>
                <td>
                  {d.state}
                  {d.fault ? <div class="muted">{`fault: ${d.fault}${d.copyOf ? " (copy)" : ""}`}</div> : null}
                </td>
                <td>{attemptText(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
