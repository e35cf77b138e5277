import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { PortalRole } from "@/lib/auth/roles";
import type { StaffMessages } from "@/lib/i18n/messages/staff-en";

type LinkKey = Exclude<keyof StaffMessages["nav"], "label">;

const LINKS: { href: string; label: LinkKey; role: PortalRole }[] = [
  { href: "/admin", label: "overview", role: "viewer" },
  { href: "/admin/subscriptions", label: "subscriptions", role: "viewer" },
  { href: "/admin/webhooks", label: "webhooks", role: "viewer" },
  { href: "/admin/reconciliation", label: "reconciliation", role: "viewer" },
  { href: "/admin/people", label: "people", role: "owner" },
  { href: "/admin/api-keys", label: "apiKeys", role: "owner" },
  { href: "/admin/settings", label: "settings", role: "owner" },
  { href: "/admin/setup", label: "setup", role: "owner" },
  { href: "/admin/usage", label: "usage", role: "viewer" },
  { href: "/admin/events", label: "events", role: "owner" },
  { href: "/admin/notifications", label: "notifications", role: "owner" },
];

const RANK: Record<PortalRole, number> = { viewer: 1, operator: 2, owner: 3 };

export async function AdminNav({ roles }: { roles: PortalRole[] }) {
  const t = await getTranslations("staff.nav");
  const best = Math.max(0, ...roles.map((r) => RANK[r]));
  return (
    <nav aria-label={t("label")} className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1 text-sm font-medium">
        {LINKS.filter((l) => RANK[l.role] <= best).map((l) => (
          <li key={l.href}>
            <Link
              href={l.href}
              className="inline-block rounded-t px-3 py-2 text-slate-700 hover:bg-slate-100 hover:text-slate-900"
            >
              {t(l.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
