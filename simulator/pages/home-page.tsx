/** @jsxImportSource hono/jsx */
// Overview: the URLs and identities a portal needs, and the personas.
import type { Persona, Seed, Tenant } from "../seed/load-seed";
import { Layout } from "./layout";

export type HomeView = {
  httpsUrl: string;
  httpUrl: string;
  seed: Seed;
  personas: Persona[];
  webhookUrl: string;
  landingUrl: string;
  certPath: string;
};

export function HomePage(view: HomeView) {
  const tenant = view.seed.publisher.tenantId;
  const tenantName = (id: string): string => view.seed.tenants.find((t: Tenant) => t.id === id)?.displayName ?? id;
  const rows: Array<[string, string]> = [
    ["Entra authority (publisher tenant)", `${view.httpsUrl}/${tenant}`],
    ["Discovery (publisher tenant)", `${view.httpsUrl}/${tenant}/v2.0/.well-known/openid-configuration`],
    ["Discovery (multi-tenant sign-in)", `${view.httpsUrl}/common/v2.0/.well-known/openid-configuration`],
    ["Marketplace API base", `${view.httpsUrl}/api`],
    ["Control API", `${view.httpsUrl}/_sim`],
    ["Webhook target (portal)", view.webhookUrl],
    ["Landing page (portal)", view.landingUrl],
    ["Certificate to trust", `NODE_EXTRA_CA_CERTS=${view.certPath}`],
  ];
  return (
    <Layout title="Overview">
      <p>
        A local stand-in for Microsoft&apos;s side of a SaaS offer: Entra ID, the Fulfillment and Metering APIs, signed
        webhooks.
      </p>
      <h2>Endpoints</h2>
      <table>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Publisher identities</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">Publisher</th>
            <td>{`${view.seed.publisher.publisherId} – ${view.seed.publisher.displayName}`}</td>
          </tr>
          <tr>
            <th scope="row">Publisher tenant</th>
            <td>
              <code>{tenant}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Fulfillment app (client credentials)</th>
            <td>
              <code>{view.seed.fulfillmentApp.clientId}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Sign-in app</th>
            <td>
              <code>{view.seed.signInApp.clientId}</code>
              <div class="muted">{`Redirect URIs: ${view.seed.signInApp.redirectUris.join(", ")}`}</div>
            </td>
          </tr>
        </tbody>
      </table>
      <p class="muted">Client secrets are in simulator/seed/identities.json or the SIM_*_CLIENT_SECRET settings.</p>
      <h2>Personas</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">E-mail / UPN</th>
            <th scope="col">Tenant</th>
            <th scope="col">App roles</th>
          </tr>
        </thead>
        <tbody>
          {view.personas.map((p) => (
            <tr key={p.id}>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{p.name}</td>
              <td>{p.email ?? `${p.preferredUsername} (no email claim)`}</td>
              <td>{tenantName(p.tenantId)}</td>
              <td>{p.roles.join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
