import { useTranslations } from "next-intl";
import type { QueueSummary } from "@/lib/data/webhook-queue";

/** Older than this, the oldest queued delivery is worth a look: workers are down, or Microsoft is failing. */
const WORRYING_AGE_MS = 60_000;

type QueueT = ReturnType<typeof useTranslations<"staff.webhooks.queue">>;

function age(ms: number, t: QueueT): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return t("seconds", { n: s });
  return s < 7200 ? t("minutes", { n: Math.round(s / 60) }) : t("hours", { n: Math.round(s / 3600) });
}

/** What an operator watches: how many deliveries wait or run, and how long the oldest has waited. */
export function QueueHealth({ queue }: { queue: QueueSummary }) {
  const t = useTranslations("staff.webhooks.queue");
  const oldestMs = queue.oldestQueuedAgeMs ?? 0;
  const worrying = oldestMs > WORRYING_AGE_MS;
  return (
    <p
      role="status"
      aria-label={t("label")}
      className={`rounded border p-2 text-sm ${worrying ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-white text-slate-700"}`}
    >
      {t.rich("counts", {
        queued: String(queue.queued),
        running: String(queue.running),
        strong: (c) => <strong>{c}</strong>,
      })}
      {queue.oldestQueuedAt ? (
        <>
          {t.rich("oldest", {
            age: age(oldestMs, t),
            since: (c) => <time dateTime={queue.oldestQueuedAt?.toISOString()}>{c}</time>,
          })}
          {worrying ? t("worrying") : "."}
        </>
      ) : (
        t("nothingWaits")
      )}
    </p>
  );
}
