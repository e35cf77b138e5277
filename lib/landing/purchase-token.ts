/**
 * The landing URL's `token` as Microsoft meant it. Next.js has already URL-decoded the query string once
 * (decoding again would corrupt it), but a `+` that reached us unencoded was turned into a space by
 * form-style decoding: Microsoft's tokens are base64 and contain no spaces, so spaces are put back as
 * `+` (what the SaaS Accelerator does too), before trimming: a token that starts or ends with `+` (about
 * 1 in 64 per end) would otherwise lose it. Returns undefined for an empty or absurd value.
 */
export function normalizePurchaseToken(value: string | undefined | null): string | undefined {
  if (!value?.trim()) return undefined;
  const token = value.replace(/ /g, "+").trim();
  if (token.length > 8_000) return undefined;
  return token;
}

/** The landing URL for a token: the form Microsoft uses (URL-encoded), so that `+` and `/` survive. */
export function landingUrlFor(landingPath: string, token: string): string {
  return `${landingPath}?token=${encodeURIComponent(token)}`;
}

/**
 * A query parameter the landing pages read at most once. Next.js gives a repeated one (`?token=a&token=b`)
 * as an array: which value was meant cannot be known, and taking one silently hides tampering or a broken
 * link, so the page sends the visitor to a page that says the link is not valid.
 */
export function singleQueryValue(
  raw: string | string[] | undefined,
): { ok: true; value: string | undefined } | { ok: false; count: number } {
  if (Array.isArray(raw)) return raw.length === 1 ? { ok: true, value: raw[0] } : { ok: false, count: raw.length };
  return { ok: true, value: raw };
}
