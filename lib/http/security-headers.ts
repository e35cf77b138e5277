/**
 * The Content-Security-Policy of every page, built per request by proxy.ts around a fresh nonce.
 *
 * Scripts: only those carrying this request's nonce (Next.js puts it on its own scripts when it finds it
 * in the request's CSP header), and what they load ('strict-dynamic'): an injected <script> or inline
 * handler never runs. Styles: the stylesheets are same-origin; `style` attributes (a bar's width) are
 * allowed, inline <style> elements need the nonce. Forms post to the portal only: sign-in and sign-out
 * leave for Microsoft (or the simulator) by script navigation, not by a form, so no other origin is
 * needed, locally either. Under `next dev` only: `unsafe-eval` (React's development build uses eval) and
 * inline styles.
 */
export function contentSecurityPolicy(options: { nonce: string; production: boolean; devServer: boolean }): string {
  const { nonce, production, devServer } = options;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${devServer ? " 'unsafe-eval'" : ""}`,
    // `next dev` injects its CSS as <style> elements from script, without the nonce.
    devServer ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Production only (local mode is plain http): browsers then refuse http for the portal's host for two years. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
