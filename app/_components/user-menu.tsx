import { getCurrentUser } from "@/lib/auth/session";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in (name, or e-mail), with a way out. */
export async function UserMenu() {
  const user = await getCurrentUser();
  if (!user) return null;
  const t = await getTranslations("signin");
  return (
    <div className="flex items-center gap-3 text-sm text-slate-700">
      <span>
        <span className="sr-only">{t("signedInAs")} </span>
        {user.name ?? user.email ?? user.preferredUsername}
      </span>
      <SignOutButton label={t("signOut")} />
    </div>
  );
}
