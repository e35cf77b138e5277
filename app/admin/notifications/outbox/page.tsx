import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { listCapturedMail } from "@/lib/data/notification-outbox";
import { getEnv } from "@/lib/env";
import { formatDate } from "@/lib/i18n/format";
import { NoAccess } from "../../_components/no-access";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.notifications.outbox"))("metaTitle") };
}

/**
 * Local mode's captured e-mail. The plain-text part is shown (never the stored HTML: no markup from the
 * database reaches the page), with its URLs as links.
 */
export default async function OutboxPage() {
  if (!(await staffPageUser("owner", "/admin/notifications/outbox"))) return <NoAccess role="owner" />;
  const [t, mails] = await Promise.all([getTranslations("staff.notifications.outbox"), listCapturedMail(50)]);
  const capturing = getEnv().notifications.captureMail;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        {t(capturing ? "capturing" : "sending")}{" "}
        <Link href="/admin/notifications" className="underline">
          {t("back")}
        </Link>
      </p>
      {mails.length ? (
        <ol className="max-w-3xl space-y-3">
          {mails.map((m) => (
            <li key={m.id}>
              <article aria-label={m.subject} className="rounded border border-slate-200 bg-white p-4">
                <h2 className="font-semibold">{m.subject}</h2>
                <p className="text-xs text-slate-600">{t("to", { to: m.to, date: formatDate(m.createdAt) })}</p>
                <div className="mt-2 space-y-1 text-sm whitespace-pre-wrap">
                  {m.text.split("\n").map((line, i) => (
                    <p key={i}>
                      <LinkedLine line={line} />
                    </p>
                  ))}
                </div>
              </article>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-700">{t("none")}</p>
      )}
    </div>
  );
}

/** "Open the subscription: https://…" becomes a link with that label. */
function LinkedLine({ line }: { line: string }) {
  const match = /^(.*?):\s+(https?:\/\/\S+)$/.exec(line);
  if (!match) return <>{line}</>;
  return (
    <a href={match[2]} className="text-brand-700 underline">
      {match[1]}
    </a>
  );
}
