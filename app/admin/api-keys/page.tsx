import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { listApiKeys, type ApiKeyRecord } from "@/lib/data/api-keys";
import { formatDate } from "@/lib/i18n/format";
import { NoAccess } from "../_components/no-access";
import { CreateKeyForm } from "./create-key-form";
import { RevokeButton } from "./revoke-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
type Translator = Awaited<ReturnType<typeof getTranslations<"staff.apiKeys">>>;

function state(t: Translator, key: ApiKeyRecord, now: Date): { label: string; active: boolean } {
  if (key.revokedAt) {
    const date = formatDate(key.revokedAt);
    return {
      label: key.revokedByLabel ? t("revokedBy", { date, who: key.revokedByLabel }) : t("revoked", { date }),
      active: false,
    };
  }
  if (key.expiresAt && key.expiresAt <= now) return { label: t("expired"), active: false };
  return { label: t("active"), active: true };
}

const COLUMNS = ["name", "prefix", "scopes", "created", "expires", "lastUsed", "state"] as const;

export default async function ApiKeysPage() {
  if (!(await staffPageUser("owner", "/admin/api-keys"))) return <NoAccess role="owner" />;
  const keys = await listApiKeys();
  const now = new Date();
  const t = await getTranslations("staff.apiKeys");
  const when = (d: Date | null) => (d ? t("atUtc", { time: dateTime.format(d) }) : "—");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        {t.rich("intro", {
          header: "Authorization: Bearer <key>",
          reference: (chunks) => (
            <Link href="/docs/api" className="underline">
              {chunks}
            </Link>
          ),
          code: (chunks) => <code>{chunks}</code>,
        })}
      </p>
      <CreateKeyForm />
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{t("title")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="p-2">
                {t(`columns.${column}`)}
              </th>
            ))}
            <th scope="col" className="p-2">
              <span className="sr-only">{t("columns.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const { label, active } = state(t, key, now);
            return (
              <tr key={key.id} className={`border-b border-slate-100 align-top ${active ? "" : "text-slate-500"}`}>
                <td className="p-2 font-medium">{key.name}</td>
                <td className="p-2 font-mono text-xs">{key.prefix}</td>
                <td className="p-2 text-xs">{key.scopes.join(", ")}</td>
                <td className="p-2">
                  {formatDate(key.createdAt)}
                  {key.createdByLabel ? (
                    <span className="block text-xs text-slate-600">{t("createdBy", { who: key.createdByLabel })}</span>
                  ) : null}
                </td>
                <td className="p-2">{key.expiresAt ? formatDate(key.expiresAt) : t("never")}</td>
                <td className="p-2">{when(key.lastUsedAt)}</td>
                <td className="p-2">{label}</td>
                <td className="p-2">{active ? <RevokeButton id={key.id} name={key.name} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {keys.length === 0 ? <p className="text-sm text-slate-600">{t("none")}</p> : null}
      <p className="text-xs text-slate-600">{t("note")}</p>
    </div>
  );
}
