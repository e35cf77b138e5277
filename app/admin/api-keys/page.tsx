import type { Metadata } from "next";
import Link from "next/link";
import { staffPageUser } from "@/lib/auth/session";
import { listApiKeys, type ApiKeyRecord } from "@/lib/data/api-keys";
import { formatDate } from "@/lib/i18n/format";
import { NoAccess } from "../_components/no-access";
import { CreateKeyForm } from "./create-key-form";
import { RevokeButton } from "./revoke-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (d: Date | null) => (d ? `${dateTime.format(d)} UTC` : "—");

function state(key: ApiKeyRecord, now: Date): { label: string; active: boolean } {
  if (key.revokedAt)
    return {
      label: `Revoked ${formatDate(key.revokedAt)}${key.revokedByLabel ? ` by ${key.revokedByLabel}` : ""}`,
      active: false,
    };
  if (key.expiresAt && key.expiresAt <= now) return { label: "Expired", active: false };
  return { label: "Active", active: true };
}

export default async function ApiKeysPage() {
  if (!(await staffPageUser("owner", "/admin/api-keys"))) return <NoAccess role="owner" />;
  const keys = await listApiKeys();
  const now = new Date();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Keys let your application call the portal&apos;s integration API (
        <Link href="/docs/api" className="underline">
          reference
        </Link>
        ) as <code>Authorization: Bearer &lt;key&gt;</code>. Give each application its own key with only the scopes it
        needs. A key is shown once, when it is created; the portal keeps only a hash of it. Revoking a key refuses it
        from its next call, on every instance.
      </p>
      <CreateKeyForm />
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">API keys</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            {["Name", "Prefix", "Scopes", "Created", "Expires", "Last used", "State", ""].map((h, i) => (
              <th key={i} scope="col" className="p-2">
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const { label, active } = state(key, now);
            return (
              <tr key={key.id} className={`border-b border-slate-100 align-top ${active ? "" : "text-slate-500"}`}>
                <td className="p-2 font-medium">{key.name}</td>
                <td className="p-2 font-mono text-xs">{key.prefix}</td>
                <td className="p-2 text-xs">{key.scopes.join(", ")}</td>
                <td className="p-2">
                  {formatDate(key.createdAt)}
                  {key.createdByLabel ? (
                    <span className="block text-xs text-slate-600">by {key.createdByLabel}</span>
                  ) : null}
                </td>
                <td className="p-2">{key.expiresAt ? formatDate(key.expiresAt) : "Never"}</td>
                <td className="p-2">{when(key.lastUsedAt)}</td>
                <td className="p-2">{label}</td>
                <td className="p-2">{active ? <RevokeButton id={key.id} name={key.name} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {keys.length === 0 ? <p className="text-sm text-slate-600">No keys yet.</p> : null}
      <p className="text-xs text-slate-600">
        Last used is recorded at most once a minute per key. Refused uses of a key (revoked, expired, without the scope)
        are on the event feed, at most one a minute per key.
      </p>
    </div>
  );
}
