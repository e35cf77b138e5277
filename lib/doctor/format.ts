import type { CheckReport, CheckStatus } from "./types";

export const STATUS_MARK: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };

/** Wraps text at word boundaries to `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/**
 * The doctor's report for a terminal: one block per check (mark, title, what it found, and the fix after
 * "→"), then a summary line. Plain text, so that CI logs keep it readable.
 */
export function formatReport(reports: CheckReport[], width = 100): string {
  const titleWidth = Math.max(...reports.map((r) => r.title.length));
  const indent = " ".repeat(titleWidth + 4);
  const out: string[] = [];
  for (const r of reports) {
    const [first, ...rest] = wrap(r.detail, Math.max(40, width - indent.length));
    out.push(`${STATUS_MARK[r.status]} ${r.title.padEnd(titleWidth)}  ${first}`);
    for (const line of rest) out.push(`${indent}${line}`);
    if (r.fix && r.status !== "pass")
      wrap(`→ ${r.fix}`, Math.max(40, width - indent.length)).forEach((line, i) =>
        out.push(`${indent}${i ? "  " : ""}${line}`),
      );
  }
  const count = (s: CheckStatus) => reports.filter((r) => r.status === s).length;
  out.push(
    "",
    `${count("pass")} passed, ${count("warn")} warning(s), ${count("fail")} failed, ${count("skip")} skipped.`,
  );
  return out.join("\n");
}
