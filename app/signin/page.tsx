import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function SignInPage({ searchParams }: Props) {
  const t = getMessages();
  const { callbackUrl, error } = await pageParams(searchParams, "/signin", ["callbackUrl", "error"]);
  // next-auth's error codes are our message keys; anything else (`constructor`, `__proto__`…) gets the
  // default message, never a property every object inherits.
  const failed = error
    ? Object.hasOwn(t.signin.failed, error)
      ? t.signin.failed[error as keyof typeof t.signin.failed]
      : t.signin.failed.default
    : null;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold">{t.signin.title}</h1>
      {failed ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {failed}
        </p>
      ) : null}
      <p className="text-slate-700">{t.signin.intro}</p>
      <SignInButton callbackUrl={safeCallbackUrl(callbackUrl)} label={t.signin.button} />
    </div>
  );
}
