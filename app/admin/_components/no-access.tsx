import type { PortalRole } from "@/lib/auth/roles";

/** Shown instead of an admin page to staff whose role is not enough for it. */
export function NoAccess({ role }: { role: PortalRole }) {
  return (
    <div role="alert" className="max-w-2xl rounded border border-amber-300 bg-amber-50 p-4">
      <h1 className="text-xl font-semibold">This page needs the {role} role</h1>
      <p className="mt-1 text-sm text-slate-700">Ask an owner for it on the People page.</p>
    </div>
  );
}
