import Link from "next/link";
import type { PortalRole } from "@/lib/auth/roles";

const LINKS: { href: string; label: string; role: PortalRole }[] = [
  { href: "/admin", label: "Overview", role: "viewer" },
  { href: "/admin/subscriptions", label: "Subscriptions", role: "viewer" },
  { href: "/admin/webhooks", label: "Webhook inbox", role: "viewer" },
  { href: "/admin/reconciliation", label: "Reconciliation", role: "viewer" },
  { href: "/admin/people", label: "People", role: "owner" },
  { href: "/admin/api-keys", label: "API keys", role: "owner" },
  { href: "/admin/settings", label: "Settings", role: "owner" },
  { href: "/admin/setup", label: "Setup", role: "owner" },
  { href: "/admin/usage", label: "Usage", role: "viewer" },
  { href: "/admin/events", label: "Outbound events", role: "owner" },
  { href: "/admin/notifications", label: "Notifications", role: "owner" },
];

const RANK: Record<PortalRole, number> = { viewer: 1, operator: 2, owner: 3 };

export function AdminNav({ roles }: { roles: PortalRole[] }) {
  const best = Math.max(0, ...roles.map((r) => RANK[r]));
  return (
    <nav aria-label="Admin" className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1 text-sm font-medium">
        {LINKS.filter((l) => RANK[l.role] <= best).map((l) => (
          <li key={l.href}>
            <Link
              href={l.href}
              className="inline-block rounded-t px-3 py-2 text-slate-700 hover:bg-slate-100 hover:text-slate-900"
            >
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
