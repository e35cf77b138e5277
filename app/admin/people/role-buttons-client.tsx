"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { PortalRole } from "@/lib/auth/roles";
import { grantRoleAction, revokeRoleAction } from "./actions";

/** Grant / remove buttons for one person's portal roles. */
export function RoleButtonsClient({ userId, granted }: { userId: string; granted: PortalRole[] }) {
  const t = useTranslations("staff.peopleKeysSettings.roles");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const run = (action: typeof grantRoleAction, role: PortalRole) =>
    start(async () => {
      const result = await action({ userId, role });
      setMessage(result.ok ? null : result.message);
    });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1">
        {(["owner", "operator", "viewer"] as const).map((role) =>
          granted.includes(role) ? (
            <button
              key={role}
              type="button"
              disabled={pending}
              onClick={() => run(revokeRoleAction, role)}
              className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
              aria-label={t("remove", { role })}
            >
              {t("remove", { role })}
            </button>
          ) : (
            <button
              key={role}
              type="button"
              disabled={pending}
              onClick={() => run(grantRoleAction, role)}
              className="rounded bg-brand-700 px-2 py-1 text-xs text-white hover:bg-brand-800"
              aria-label={t("make", { role })}
            >
              {t("make", { role })}
            </button>
          ),
        )}
      </div>
      {message ? (
        <p role="alert" className="text-xs text-red-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
