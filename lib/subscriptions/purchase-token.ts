/**
 * The landing URL's `token` as Microsoft meant it. Next.js has already URL-decoded the query string once
 * (decoding again would corrupt it), but a `+` that reached us unencoded was turned into a space by
 * form-style decoding: Microsoft's tokens are base64 and contain no spaces, so spaces are put back as
 * `+` (what the SaaS Accelerator does too), before trimming: a token that starts or ends with `+` (about
 * 1 in 64 per end) would otherwise lose it. Returns undefined for an empty or absurd value.
 */
export function normalizePurchaseToken(raw: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value?.trim()) return undefined;
  const token = value.replace(/ /g, "+").trim();
  if (token.length > 8_000) return undefined;
  return token;
}

/** The landing URL for a token: the form Microsoft uses (URL-encoded), so that `+` and `/` survive. */
export function landingUrlFor(landingPath: string, token: string): string {
  return `${landingPath}?token=${encodeURIComponent(token)}`;
}
