/** @jsxImportSource hono/jsx */
/* eslint-disable @next/next/no-head-element, @next/next/no-html-link-for-pages -- hono/jsx pages served by the simulator, not Next.js pages. */
// Shared HTML shell of the simulator's pages: plain, accessible markup, no client framework.
import type { Child } from "hono/jsx";

const CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #5c5c5c; --line: #d0d0d0; --accent: #0f5ba8; --bad: #a4262c; --ok: #107c10; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fafafa; }
header { background: #243a5e; color: #fff; padding: .75rem 1.5rem; display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
header a { color: #fff; }
header nav ul { list-style: none; display: flex; gap: 1.25rem; margin: 0; padding: 0; }
main { padding: 1.5rem; max-width: 80rem; }
h1 { font-size: 1.5rem; margin-top: 0; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
fieldset { border: 1px solid var(--line); background: #fff; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { font-weight: 600; }
label { display: block; margin: .5rem 0 .2rem; font-weight: 500; }
input, select, button { font: inherit; }
input[type=text], input[type=email], input[type=number], select { padding: .35rem; min-width: 16rem; }
button { padding: .35rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #ffb900; outline-offset: 2px; }
.inline { display: inline-flex; gap: .35rem; align-items: center; margin: .15rem .35rem .15rem 0; }
.inline label { display: inline; margin: 0; }
.inline input, .inline select { min-width: 0; width: auto; }
.notice { padding: .6rem .9rem; border-left: 4px solid var(--ok); background: #fff; margin-bottom: 1rem; }
.error { padding: .6rem .9rem; border-left: 4px solid var(--bad); background: #fff; margin-bottom: 1rem; }
.muted { color: var(--muted); }
code { background: #eee; padding: 0 .25rem; }
`;

export function Layout(props: { title: string; children?: Child; notice?: string; error?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – Marketplace simulator`}</title>
        {/* Static stylesheet constant: nothing user-controlled is injected here. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header>
          <strong>Microsoft marketplace simulator</strong>
          <nav aria-label="Simulator pages">
            <ul>
              <li>
                <a href="/">Overview</a>
              </li>
              <li>
                <a href="/marketplace">Marketplace</a>
              </li>
              <li>
                <a href="/subscriptions">Subscriptions</a>
              </li>
              <li>
                <a href="/faults">Faults</a>
              </li>
              <li>
                <a href="/webhooks">Webhook log</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.notice ? (
            <p class="notice" role="status">
              {props.notice}
            </p>
          ) : null}
          {props.error ? (
            <p class="error" role="alert">
              {props.error}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

export { CSS as PAGE_CSS };
