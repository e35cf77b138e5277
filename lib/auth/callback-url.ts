// C0 controls and DEL: browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Where to go after sign-in: only a path inside the portal (the value comes from the browser). */
export function safeCallbackUrl(value: string | undefined | null, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || CONTROL.test(value))
    return fallback;
  return value;
}

/**
 * next-auth's redirect callback: `url` (a callbackUrl from the browser, relative or absolute) when it stays
 * inside the portal, else the portal's home. Never throws: `//host/x` is not a URL `new URL` accepts
 * alone, and a throw here was a 500 from every sign-in route.
 */
export function redirectTarget(url: string, baseUrl: string): { target: string; refused: boolean } {
  const path = safeCallbackUrl(url, "");
  if (path) return { target: `${baseUrl}${path}`, refused: false };
  if (URL.canParse(url) && !CONTROL.test(url) && new URL(url).origin === new URL(baseUrl).origin)
    return { target: url, refused: false };
  return { target: baseUrl, refused: true };
}
