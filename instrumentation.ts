// Runs once when the server starts (Node.js runtime only): see lib/startup.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { onServerStart, startTracing } = await import("./lib/startup");
    // Before anything else, so that the first requests and jobs are traced too (when OTEL_* asks for it).
    await startTracing();
    onServerStart();
  }
}
