"use client";

import { en } from "@/lib/i18n/messages/en";

// Replaces the root layout when it fails itself, so it brings its own <html> and no app styles, and has no
// next-intl provider (the layout that gives one failed): English, the default locale.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = en;
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "3rem auto", maxWidth: "40rem", padding: "0 1rem" }}>
        <h1>{t.errors.genericTitle}</h1>
        <p>{t.errors.genericText}</p>
        {error.digest ? (
          <p>
            {t.errors.reference}: <code>{error.digest}</code>
          </p>
        ) : null}
        <button type="button" onClick={reset}>
          {t.errors.retry}
        </button>
      </body>
    </html>
  );
}
