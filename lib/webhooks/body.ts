// The webhook reads its body with the same capped, timed reader as every machine route.
export { readBody, BODY_TIMEOUT_MS, type BodyResult } from "@/lib/http/body";
