// GET /.well-known/jwks.json – the public keys of the signed hand-off ("Open the app"), for the ISV's app. Public.
import { publicAccess } from "@/lib/http/auth-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { getKeyRing, jwksOf } from "@/lib/handoff/keys";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: publicAccess("public keys by definition: the ISV's app fetches them, without a key, to verify hand-off tokens"),
  summary: "The hand-off's JSON Web Key Set",
  tags: ["documentation"],
  handler: async () =>
    // Five minutes: a key added for a rotation reaches caches well before it signs (README → Signed hand-off).
    json(jwksOf(await getKeyRing()), {
      headers: { "cache-control": "public, max-age=300, stale-while-revalidate=60", "content-type": "application/jwk-set+json" },
    }),
});
