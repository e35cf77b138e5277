/**
 * Whether this process is shutting down. On globalThis: Next.js bundles the instrumentation hook (which
 * starts the shutdown) and each route (readiness reads it) apart, each with its own copy of this module.
 */
const state = globalThis as unknown as { portalShuttingDown?: boolean };

export const isShuttingDown = (): boolean => state.portalShuttingDown === true;

/** Returns false when the shutdown had already begun (a second signal). */
export function beginShutdown(): boolean {
  if (state.portalShuttingDown) return false;
  state.portalShuttingDown = true;
  return true;
}
