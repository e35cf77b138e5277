import { getTranslations } from "next-intl/server";
import type { PortalRole } from "@/lib/auth/roles";

/** Shown instead of an admin page to staff whose role is not enough for it. */
export async function NoAccess({ role }: { role: PortalRole }) {
  const t = await getTranslations("staff.noAccess");
  return (
    <div role="alert" className="max-w-2xl rounded border border-amber-300 bg-amber-50 p-4">
      <h1 className="text-xl font-semibold">{t("title", { role })}</h1>
      <p className="mt-1 text-sm text-slate-700">{t("text")}</p>
    </div>
  );
}
