import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getCurrentUser } from "@/lib/auth/session";
import { getTranslations } from "next-intl/server";
import { AdminNav } from "./_components/admin-nav";

export const dynamic = "force-dynamic";

// A convenience gate for pages: every admin server action and route handler checks the role itself too.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin");
  const t = await getTranslations("admin");
  if (!user.roles.length) {
    return (
      <div className="max-w-2xl space-y-3" role="alert">
        <h1 className="text-2xl font-semibold">{t("forbiddenTitle")}</h1>
        <p className="text-slate-700">{t("forbiddenText")}</p>
        <p className="text-slate-700">{t("forbiddenHow")}</p>
      </div>
    );
  }
  // The admin area is in English whatever the buyer-facing language: say so to screen readers and translators.
  return (
    <div className="space-y-6" lang="en">
      <AdminNav roles={user.roles} />
      {children}
    </div>
  );
}
