/** @jsxImportSource hono/jsx */
/* eslint-disable @next/next/no-head-element -- hono/jsx pages served by the simulator, not Next.js pages. */
// The Entra stand-in's sign-in page: pick a persona or type an e-mail address.
import { PAGE_CSS } from "../pages/layout";
import type { Persona, Tenant } from "../seed/load-seed";

export type SignInView = {
  appName: string;
  action: string;
  /** The authorize request, carried through the form untouched. */
  params: Record<string, string>;
  personas: Persona[];
  tenants: Tenant[];
  rememberedPersonaId?: string;
  loginHint?: string;
  authorityNote?: string;
  error?: string;
};

function Hidden(props: { params: Record<string, string> }) {
  return (
    <>
      {Object.entries(props.params).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

const SIGN_IN_CSS = `${PAGE_CSS}
.persona { display: block; width: 100%; text-align: left; margin: .4rem 0; background: #fff; color: var(--fg); border-color: var(--line); }
.persona:hover { border-color: var(--accent); }
main { max-width: 36rem; margin: 2rem auto; }`;

export function SignInPage(view: SignInView) {
  const tenantName = (id: string): string => view.tenants.find((t) => t.id === id)?.displayName ?? id;
  const ordered = [...view.personas].sort(
    (a, b) => Number(b.id === view.rememberedPersonaId) - Number(a.id === view.rememberedPersonaId),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in to your account – simulated Microsoft Entra ID</title>
        <style dangerouslySetInnerHTML={{ __html: SIGN_IN_CSS }} />
      </head>
      <body>
        <main id="main">
          <h1>Sign in</h1>
          <p>
            to continue to <strong>{view.appName}</strong>
            <br />
            <span class="muted">Simulated Microsoft Entra ID – no password needed.</span>
          </p>
          {view.error ? (
            <p class="error" role="alert">
              {view.error}
            </p>
          ) : null}
          {view.authorityNote ? <p class="muted">{view.authorityNote}</p> : null}
          <form method="post" action={view.action}>
            <Hidden params={view.params} />
            <fieldset>
              <legend>Pick an account</legend>
              {ordered.map((persona) => (
                <button
                  key={persona.id}
                  type="submit"
                  class="persona"
                  name="persona"
                  value={persona.id}
                  aria-label={`Sign in as ${persona.name} (${persona.email ?? persona.preferredUsername})`}
                >
                  <strong>{persona.name}</strong>
                  {persona.id === view.rememberedPersonaId ? " · signed in" : ""}
                  <br />
                  <span>{persona.email ?? `${persona.preferredUsername} (no email claim)`}</span>
                  <br />
                  <span class="muted">
                    {tenantName(persona.tenantId)}
                    {persona.roles.length > 0 ? ` · roles: ${persona.roles.join(", ")}` : ""}
                  </span>
                </button>
              ))}
            </fieldset>
          </form>
          <form method="post" action={view.action}>
            <Hidden params={view.params} />
            <fieldset>
              <legend>Use another account</legend>
              <label for="email">E-mail address</label>
              <input
                id="email"
                type="email"
                name="email"
                required
                autocomplete="username"
                value={view.loginHint ?? ""}
              />{" "}
              <button type="submit">Sign in</button>
              <p class="muted">
                Unknown addresses become a new user; the domain picks the tenant (Contoso when unknown).
              </p>
            </fieldset>
          </form>
          <form method="post" action={view.action}>
            <Hidden params={view.params} />
            <button type="submit" class="secondary" name="cancel" value="1">
              Cancel sign-in
            </button>
          </form>
        </main>
      </body>
    </html>
  );
}

export function ErrorPage(props: { title: string; message: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: `${PAGE_CSS} main { max-width: 40rem; margin: 2rem auto; }` }} />
      </head>
      <body>
        <main id="main">
          <h1>{props.title}</h1>
          <p class="error" role="alert">
            {props.message}
          </p>
        </main>
      </body>
    </html>
  );
}

/** response_mode=form_post: the browser posts the result to the redirect URI. */
export function FormPostPage(props: { action: string; fields: Record<string, string> }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Working…</title>
      </head>
      <body onload="document.forms[0].submit()">
        <form method="post" action={props.action}>
          <Hidden params={props.fields} />
          <noscript>
            <p>Script is disabled. Press Continue to finish signing in.</p>
            <button type="submit">Continue</button>
          </noscript>
        </form>
      </body>
    </html>
  );
}
