import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { configuredRoles } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "../_components/no-access";
import { listUsers } from "@/lib/data/users";
import { getEnv } from "@/lib/env";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { formatDate } from "@/lib/i18n/format";
import { RoleButtons } from "./role-buttons";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function PeoplePage({ searchParams }: Props) {
  if (!(await staffPageUser("owner", "/admin/people"))) return <NoAccess role="owner" />;
  const q = (await pageParams(searchParams, "/admin/people", ["q"])).q?.slice(0, 200);
  const env = getEnv();
  const people = await listUsers({ search: q });
  const t = await getTranslations("staff.people");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-700">{t("intro")}</p>
      <form className="flex gap-2" role="search">
        <label className="sr-only" htmlFor="q">
          {t("searchLabel")}
        </label>
        <input
          id="q"
          name="q"
          defaultValue={q ?? ""}
          placeholder={t("searchPlaceholder")}
          className="w-72 rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        <button type="submit" className="rounded border border-slate-300 px-3 py-1.5 text-sm">
          {t("search")}
        </button>
      </form>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            <th scope="col" className="p-2">
              {t("person")}
            </th>
            <th scope="col" className="p-2">
              {t("tenant")}
            </th>
            <th scope="col" className="p-2">
              {t("lastSignIn")}
            </th>
            <th scope="col" className="p-2">
              {t("fromConfiguration")}
            </th>
            <th scope="col" className="p-2">
              {t("grantedHere")}
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => {
            const fromConfig = configuredRoles(
              { tid: p.tenantId, oid: p.objectId, email: p.email, appRoles: [] },
              env.admin,
            );
            return (
              <tr key={p.id} className="border-b border-slate-100 align-top">
                <td className="p-2">
                  <span className="font-medium">{p.name ?? "—"}</span>
                  <br />
                  <span className="text-slate-600">{p.email ?? t("noEmail")}</span>
                </td>
                <td className="p-2 text-xs">
                  {p.tenantId.toLowerCase() === env.admin.tenantId ? t("publisherTenant") : p.tenantId}
                </td>
                <td className="p-2">{formatDate(p.lastSignInAt)}</td>
                <td className="p-2">{fromConfig.join(", ") || "—"}</td>
                <td className="p-2">
                  <RoleButtons userId={p.id} granted={p.grantedRoles} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {people.length === 0 ? <p className="text-sm text-slate-600">{t("nobody")}</p> : null}
    </div>
  );
}
