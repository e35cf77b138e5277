/** @jsxImportSource hono/jsx */
// "Faults": inject failures into endpoints and webhook deliveries, expire tokens.
import { ENDPOINTS, type EndpointFault, type WebhookFault } from "../control/faults";
import { Layout } from "./layout";

const FAULT_LABELS: Record<EndpointFault["kind"], (f: EndpointFault) => string> = {
  throttle: (f) => `429, Retry-After ${f.retryAfterSeconds}s`,
  error: () => "500",
  hang: (f) => `hang ${f.hangMs} ms`,
  "hang-after": (f) => `processed, answer held ${f.hangMs} ms`,
  "error-after": () => "processed, answered 500",
  "reset-after": () => "processed, connection closed",
};

export type FaultsView = {
  endpoints: EndpointFault[];
  webhooks: WebhookFault[];
  purchaseTokensExpiredBefore?: string;
  notice?: string;
  error?: string;
};

function Remove(props: { id: string }) {
  return (
    <form method="post" action={`/faults/${props.id}/remove`} class="inline">
      <button type="submit" class="secondary">
        Remove
      </button>
    </form>
  );
}

export function FaultsPage(view: FaultsView) {
  const active = view.endpoints.length + view.webhooks.length;
  return (
    <Layout title="Faults" notice={view.notice} error={view.error}>
      <h2>Active faults</h2>
      {active === 0 ? (
        <p>None. Every call answers normally.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Fault</th>
              <th scope="col">Remaining calls</th>
              <th scope="col">
                <span class="muted">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.endpoints.map((f) => (
              <tr key={f.id}>
                <td>{f.endpoint}</td>
                <td>{FAULT_LABELS[f.kind](f)}</td>
                <td>{`${f.remaining} of ${f.count}`}</td>
                <td>
                  <Remove id={f.id} />
                </td>
              </tr>
            ))}
            {view.webhooks.map((f) => (
              <tr key={f.id}>
                <td>webhook deliveries</td>
                <td>{f.kind === "reorder" ? `reorder (hold up to ${f.holdMs} ms)` : f.kind}</td>
                <td>{`${f.remaining} of ${f.count}`}</td>
                <td>
                  <Remove id={f.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.purchaseTokensExpiredBefore ? (
        <p class="muted">{`Purchase tokens issued before ${view.purchaseTokensExpiredBefore} are expired.`}</p>
      ) : null}
      <form method="post" action="/faults/clear">
        <button type="submit" class="secondary">
          Clear all faults
        </button>
      </form>

      <h2>Make the next calls of an endpoint fail</h2>
      <form method="post" action="/faults/endpoint">
        <label for="endpoint">Endpoint</label>
        <select id="endpoint" name="endpoint">
          {ENDPOINTS.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
        <label for="kind">Fault</label>
        <select id="kind" name="kind">
          <option value="throttle">429 Too Many Requests with Retry-After</option>
          <option value="error">500 Internal Server Error</option>
          <option value="hang">Hang, then answer normally</option>
          <option value="hang-after">Process, then hold the answer (a lost answer)</option>
          <option value="error-after">Process, then answer 500</option>
          <option value="reset-after">Process, then close the connection unanswered</option>
        </select>
        <label for="count">Number of calls</label>
        <input id="count" type="number" name="count" min={1} value="1" />
        <label for="retryAfterSeconds">Retry-After (seconds, for 429)</label>
        <input id="retryAfterSeconds" type="number" name="retryAfterSeconds" min={0} value="1" />
        <label for="hangMs">Hang time (ms)</label>
        <input id="hangMs" type="number" name="hangMs" min={0} value="15000" />
        <p>
          <button type="submit">Add endpoint fault</button>
        </p>
      </form>

      <h2>Disturb webhook deliveries</h2>
      <form method="post" action="/faults/webhooks">
        <label for="webhook-kind">Fault</label>
        <select id="webhook-kind" name="kind">
          <option value="drop">Drop (never delivered)</option>
          <option value="duplicate">Duplicate (delivered twice)</option>
          <option value="reorder">Reorder (held, then sent newest first)</option>
        </select>
        <label for="webhook-count">Number of deliveries</label>
        <input id="webhook-count" type="number" name="count" min={1} value="1" />
        <label for="holdMs">Reorder: release after (ms)</label>
        <input id="holdMs" type="number" name="holdMs" min={0} value="5000" />
        <p>
          <button type="submit">Add webhook fault</button>
        </p>
      </form>

      <h2>Expire issued tokens now</h2>
      <form method="post" action="/faults/expire-tokens">
        <label for="tokens">Tokens</label>
        <select id="tokens" name="tokens">
          <option value="all">Access tokens and purchase tokens</option>
          <option value="access">Marketplace access tokens</option>
          <option value="purchase">Landing-page purchase tokens</option>
        </select>
        <p>
          <button type="submit">Expire</button>
        </p>
      </form>
    </Layout>
  );
}
