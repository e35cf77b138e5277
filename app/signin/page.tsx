import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const t = getMessages();
  const { callbackUrl, error } = await searchParams;
  const failed = error ? (t.signin.failed[error as keyof typeof t.signin.failed] ?? t.signin.failed.default) : null;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold">{t.signin.title}</h1>
      {failed ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">{failed}</p>
      ) : null}
      <p className="text-slate-700">{t.signin.intro}</p>
      <SignInButton callbackUrl={safeCallbackUrl(callbackUrl)} label={t.signin.button} />
    </div>
  );
}
