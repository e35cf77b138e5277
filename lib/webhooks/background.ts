import "server-only";
import { after } from "next/server";
import { log } from "@/lib/log";

/**
 * Runs work after the current task: inside a Next.js request through after(), so that the platform keeps
 * the process alive for it; elsewhere (a worker of the job queue, a test's route server) as a promise of
 * this long-lived process. Work in flight here is lost if the process ends (a Pending delivery's
 * follow-up), which is why reconciliation is the durable backstop of everything started here.
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
