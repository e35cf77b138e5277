import "server-only";
import { after } from "next/server";
import { log } from "@/lib/log";

/**
 * Runs work after the answer is sent. Inside a Next.js request (the webhook route, an owner's re-run)
 * through after(), so that the platform keeps the process alive for it; elsewhere (a test's route
 * server) as a promise of this long-lived process. There is no job queue: work in flight is lost if the
 * process ends, which is why reconciliation is the durable backstop of everything started here.
 */
export function runInBackground(task: string, work: () => Promise<void>): void {
  const guarded = () => work().catch((err: unknown) => log.error({ err, task }, "background work failed"));
  try {
    after(guarded);
  } catch {
    // after() throws outside a request scope.
    void guarded();
  }
}
