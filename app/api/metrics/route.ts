// GET /api/metrics – Prometheus metrics (text exposition format): webhook receipts and outcomes, calls to
// Microsoft, the job queue's backlog. Read by a scraper with METRICS_TOKEN (lib/metrics/access.ts).
import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { metricsScraper } from "@/lib/metrics/access";
import { scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: metricsScraper(),
  // Scrapers add parameters of their own (Prometheus' `?name[]=` selectors, cache busters): ignored.
  query: z.looseObject({}),
  summary: "Prometheus metrics",
  tags: ["operations"],
  handler: async () => {
    const { contentType, body } = await scrapeMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
});
