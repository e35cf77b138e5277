import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n";
import { Panel } from "../_components/panels";

export const metadata: Metadata = { title: "This link is not valid" };

// Where a landing URL with a repeated query parameter is sent (app/landing/query.ts).
export default function InvalidLinkPage() {
  const t = getMessages().landing;
  return (
    <Panel title={t.invalidLinkTitle} tone="error">
      <p>{t.invalidLinkText}</p>
      <p className="text-sm">{t.invalidLinkHint}</p>
    </Panel>
  );
}
