import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Panel } from "../_components/panels";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("invalidLink") };
}

// Where a landing URL with a repeated query parameter is sent (app/landing/query.ts).
export default async function InvalidLinkPage() {
  const t = await getTranslations("landing");
  return (
    <Panel title={t("invalidLinkTitle")} tone="error">
      <p>{t("invalidLinkText")}</p>
      <p className="text-sm">{t("invalidLinkHint")}</p>
    </Panel>
  );
}
