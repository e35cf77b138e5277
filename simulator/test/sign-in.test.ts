// Authorization-code sign-in with PKCE: the page, personas, ID-token claims, response modes, error paths.
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTOSO,
  MSA,
  NORTHWIND,
  PUBLISHER_TENANT,
  REDIRECT_URI,
  SIGN_IN,
  startHarness,
  type Harness,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

type Flow = { verifier: string; params: URLSearchParams };

function newFlow(extra: Record<string, string> = {}): Flow {
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: SIGN_IN.id,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid profile email offline_access",
    state: "st-123",
    nonce: "n-456",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  });
  return { verifier, params };
}

/** Posts the sign-in page's form (persona button or e-mail) over the http port, like a browser. */
async function signIn(tenant: string, flow: Flow, choice: Record<string, string>, cookie?: string): Promise<Response> {
  const body = new URLSearchParams([...flow.params.entries(), ...Object.entries(choice)]);
  return fetch(`${h.sim.httpUrl}/${tenant}/oauth2/v2.0/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body,
  });
}

async function redeem(code: string, verifier: string, extra: Record<string, string> = {}): Promise<Response> {
  return h.fetch(`${h.sim.httpsUrl}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: SIGN_IN.id,
      client_secret: SIGN_IN.secret,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      ...extra,
    }).toString(),
  });
}

async function idTokenFor(tenant: string, choice: Record<string, string>): Promise<JWTPayload> {
  const flow = newFlow();
  const res = await signIn(tenant, flow, choice);
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get("state")).toBe("st-123");
  const tokens = (await (await redeem(location.searchParams.get("code") ?? "", flow.verifier)).json()) as {
    id_token: string;
    access_token: string;
  };
  const jwks = createLocalJWKSet(
    (await (await h.fetch(`${h.sim.httpsUrl}/common/discovery/v2.0/keys`)).json()) as { keys: [] },
  );
  const { payload } = await jwtVerify(tokens.id_token, jwks, { audience: SIGN_IN.id });
  return payload;
}

describe("sign-in page", () => {
  it("shows an accessible page listing the personas, with the request carried in hidden fields", async () => {
    const res = await fetch(`${h.sim.httpUrl}/common/oauth2/v2.0/authorize?${newFlow().params.toString()}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Sign in</h1>");
    expect(html).toContain('<label for="email">E-mail address</label>');
    expect(html).toContain('name="persona" value="alice"');
    expect(html).toContain('name="code_challenge"');
    expect(html).toContain("olivia@fabrikam.example");
  });

  it("refuses an unregistered redirect URI with an error page, not a redirect", async () => {
    const res = await fetch(
      `${h.sim.httpUrl}/common/oauth2/v2.0/authorize?${newFlow({ redirect_uri: "https://evil.example/cb" }).params.toString()}`,
      { redirect: "manual" },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS50011");
  });

  it("redirects errors to the client for unsupported response types and a cancelled sign-in", async () => {
    const implicit = await fetch(
      `${h.sim.httpUrl}/common/oauth2/v2.0/authorize?${newFlow({ response_type: "id_token" }).params.toString()}`,
      { redirect: "manual" },
    );
    expect(new URL(implicit.headers.get("location") ?? "").searchParams.get("error")).toBe("unsupported_response_type");
    const cancelled = await signIn("common", newFlow(), { cancel: "1" });
    expect(new URL(cancelled.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
  });
});

describe("ID tokens", () => {
  it("are shaped like Entra v2 tokens for a customer persona", async () => {
    const claims = await idTokenFor("common", { persona: "alice" });
    expect(claims).toMatchObject({
      iss: `${h.sim.httpsUrl}/${CONTOSO}/v2.0`,
      aud: SIGN_IN.id,
      tid: CONTOSO,
      oid: "a11ce000-0000-4000-8000-00000000a001",
      preferred_username: "alice@contoso.example",
      email: "alice@contoso.example",
      name: "Alice Anders",
      nonce: "n-456",
      ver: "2.0",
    });
    expect(claims).not.toHaveProperty("roles");
    expect(typeof claims.sub).toBe("string");
    expect(claims.sub).not.toBe(claims.oid);
  });

  it("carry app roles for staff, no email claim for dana, and the MSA tenant for bob", async () => {
    expect(await idTokenFor(PUBLISHER_TENANT, { persona: "olivia" })).toMatchObject({
      roles: ["Portal.Owner"],
      tid: PUBLISHER_TENANT,
    });
    const nora = await idTokenFor("organizations", { persona: "nora" });
    expect(nora).not.toHaveProperty("roles");
    const dana = await idTokenFor("common", { persona: "dana" });
    expect(dana).not.toHaveProperty("email");
    expect(dana.preferred_username).toBe("dana@contoso.example");
    expect(await idTokenFor("consumers", { persona: "bob" })).toMatchObject({
      tid: MSA,
      iss: `${h.sim.httpsUrl}/${MSA}/v2.0`,
    });
    expect(await idTokenFor("common", { persona: "carol" })).toMatchObject({ tid: NORTHWIND });
  });

  it("send a persona's preferred language as the optional claim xms_pl, and none for the others", async () => {
    expect(await idTokenFor("common", { persona: "kenji" })).toMatchObject({ xms_pl: "ja-JP", tid: CONTOSO });
    expect(await idTokenFor("common", { persona: "alice" })).not.toHaveProperty("xms_pl");
  });

  it("creates ad-hoc users from a typed e-mail with a stable oid and a tenant from the domain", async () => {
    const first = await idTokenFor("common", { email: "Zoe.Zimmer@northwind.example" });
    const again = await idTokenFor("common", { email: "zoe.zimmer@northwind.example" });
    expect(first).toMatchObject({ tid: NORTHWIND, email: "zoe.zimmer@northwind.example", name: "Zoe Zimmer" });
    expect(again.oid).toBe(first.oid);
    expect(await idTokenFor("common", { email: "someone@unknown.example" })).toMatchObject({ tid: CONTOSO });
  });

  it("enforces the authority: /organizations refuses MSA users, a tenant path refuses other tenants", async () => {
    const msa = await signIn("organizations", newFlow(), { persona: "bob" });
    expect(msa.status).toBe(400);
    expect(await msa.text()).toContain("AADSTS50020");
    expect((await signIn(PUBLISHER_TENANT, newFlow(), { persona: "alice" })).status).toBe(400);
  });
});

describe("code redemption", () => {
  it("checks PKCE, one-time use and the redirect URI", async () => {
    const flow = newFlow();
    const code =
      new URL((await signIn("common", flow, { persona: "ben" })).headers.get("location") ?? "").searchParams.get(
        "code",
      ) ?? "";
    const wrongVerifier = await redeem(code, "x".repeat(43));
    expect(((await wrongVerifier.json()) as { error_codes: number[] }).error_codes).toEqual([501481]);
    const wrongRedirect = await redeem(code, flow.verifier, { redirect_uri: "http://localhost:3000/other" });
    expect(((await wrongRedirect.json()) as { error: string }).error).toBe("invalid_grant");
    const ok = await redeem(code, flow.verifier, { client_info: "1" });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { client_info: string; scope: string };
    expect(JSON.parse(Buffer.from(body.client_info, "base64url").toString())).toEqual({
      uid: "b0000000-0000-4000-8000-00000000b002",
      utid: CONTOSO,
    });
    const reused = await redeem(code, flow.verifier);
    expect(((await reused.json()) as { error_codes: number[] }).error_codes).toEqual([54005]);
    const wrongSecret = await h.fetch(`${h.sim.httpsUrl}/common/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: SIGN_IN.id,
        client_secret: "wrong",
        code,
        redirect_uri: REDIRECT_URI,
      }).toString(),
    });
    expect(wrongSecret.status).toBe(401);
  });

  it("supports response_mode=form_post and userinfo", async () => {
    const flow = newFlow({ response_mode: "form_post" });
    const res = await signIn("common", flow, { persona: "alice" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="${REDIRECT_URI}">`);
    const code = /name="code" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(html).toContain('name="state" value="st-123"');
    const tokens = (await (await redeem(code, flow.verifier)).json()) as { access_token: string };
    const info = (await (
      await h.fetch(`${h.sim.httpsUrl}/oidc/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json()) as Record<string, string>;
    expect(info).toMatchObject({ name: "Alice Anders", given_name: "Alice", email: "alice@contoso.example" });
  });

  it("answers prompt=none with login_required, or silently once the sim_session cookie exists", async () => {
    const none = newFlow({ prompt: "none" });
    const anonymous = await fetch(`${h.sim.httpUrl}/common/oauth2/v2.0/authorize?${none.params.toString()}`, {
      redirect: "manual",
    });
    expect(new URL(anonymous.headers.get("location") ?? "").searchParams.get("error")).toBe("login_required");
    const first = await signIn("common", newFlow(), { persona: "victor" });
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^sim_session=/);
    const silent = await fetch(`${h.sim.httpUrl}/common/oauth2/v2.0/authorize?${none.params.toString()}`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(new URL(silent.headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();
  });
});
