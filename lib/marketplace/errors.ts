/**
 * The few ways a call to Microsoft can fail, as the UI needs to tell them apart. Every message is safe to
 * show: it never contains a token, a secret, a purchase token or an e-mail address.
 */

export type MarketplaceErrorKind =
  /** 400: Microsoft refused the request (e.g. resolve's `InvalidValue` for an expired or tampered purchase token). */
  | "bad-request"
  /** 401/403: the portal's token was refused: app registration, secret or service principal. */
  | "forbidden"
  /** 404: no such subscription or operation (Microsoft also answers 404 for some Unsubscribed ones). */
  | "not-found"
  /** 409: already done or locked (a duplicate usage event is a result, not this error). */
  | "conflict"
  /** 429 still after every retry. */
  | "throttled"
  /** 5xx or network failure still after every retry. */
  | "unavailable"
  /** No answer within the time allowed, after every retry. */
  | "timeout"
  /** Microsoft answered something the portal cannot use (no subscription id, invalid JSON, …). */
  | "invalid-response"
  /** The portal could not get a token: wrong tenant, client id or secret, or an expired secret. */
  | "configuration";

/** Microsoft's error body, when it sent one ({code, message, target, details} and its variants). */
export type MicrosoftErrorBody = {
  code?: string;
  message?: string;
  target?: string;
  details?: { code?: string; message?: string; target?: string }[];
};

export type MarketplaceErrorInit = {
  kind: MarketplaceErrorKind;
  /** Which client call failed, e.g. `resolve`. */
  operation: string;
  status?: number;
  microsoft?: MicrosoftErrorBody;
  requestId?: string;
  correlationId?: string;
  attempts: number;
  /** Our own explanation, when the default for the kind is not precise enough. */
  message?: string;
  /** See MarketplaceError.outcomeUnknown. */
  outcomeUnknown?: boolean;
  cause?: unknown;
};

const DEFAULT_MESSAGES: Record<MarketplaceErrorKind, string> = {
  "bad-request": "Microsoft rejected the request as invalid.",
  forbidden:
    "Microsoft refused the portal's credentials. Check that the Microsoft Entra application ID and tenant ID in Partner Center (offer → Technical configuration) match MARKETPLACE_CLIENT_ID and MARKETPLACE_TENANT_ID, that the client secret has not expired, and that the application has a service principal (enterprise application) in the publisher tenant.",
  "not-found": "Microsoft does not know this subscription or operation.",
  conflict: "Microsoft reports a conflict: the change was already made, or another operation is still pending.",
  throttled: "Microsoft is throttling requests; try again in a few minutes.",
  unavailable: "Microsoft's marketplace service is not reachable or failing; try again in a few minutes.",
  timeout: "Microsoft's marketplace service did not answer in time; try again in a few minutes.",
  "invalid-response": "Microsoft's marketplace service sent a response the portal cannot read.",
  configuration:
    "The portal could not obtain a token for the marketplace API. Check MARKETPLACE_TENANT_ID, MARKETPLACE_CLIENT_ID and the client secret (or certificate) of the fulfillment app registration, and whether the secret has expired.",
};

export class MarketplaceError extends Error {
  readonly kind: MarketplaceErrorKind;
  readonly operation: string;
  /** HTTP status of the last answer, if there was one. */
  readonly status: number | undefined;
  /** Microsoft's own code (e.g. `InvalidValue`, `BadArgument`, `EntityNotFound`). */
  readonly code: string | undefined;
  /** Microsoft's own message, kept apart from ours. */
  readonly microsoftMessage: string | undefined;
  readonly target: string | undefined;
  readonly details: MicrosoftErrorBody["details"];
  /** x-ms-requestid of the last attempt: quote it to Microsoft support. */
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  readonly attempts: number;
  /**
   * A change (PATCH or DELETE) failed after it may have reached Microsoft — a timeout, a 5xx, a connection
   * lost — so Microsoft may be making it right now. It was not sent again; the caller must find out.
   */
  readonly outcomeUnknown: boolean;

  constructor(init: MarketplaceErrorInit) {
    super(init.message ?? DEFAULT_MESSAGES[init.kind], init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "MarketplaceError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.microsoft?.code;
    this.microsoftMessage = init.microsoft?.message;
    this.target = init.microsoft?.target;
    this.details = init.microsoft?.details;
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.attempts = init.attempts;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** Fields for a log line (no secrets; the cause is left out because it may quote a request). */
  toLog(): Record<string, unknown> {
    return {
      kind: this.kind,
      operation: this.operation,
      status: this.status,
      code: this.code,
      target: this.target,
      msRequestId: this.requestId,
      msCorrelationId: this.correlationId,
      attempts: this.attempts,
      ...(this.outcomeUnknown ? { outcomeUnknown: true } : {}),
    };
  }
}

export function isMarketplaceError(error: unknown, kind?: MarketplaceErrorKind): error is MarketplaceError {
  return error instanceof MarketplaceError && (kind === undefined || error.kind === kind);
}

/** The kind for a final (non-retried, or retried to the end) HTTP status. */
export function kindForStatus(status: number): MarketplaceErrorKind {
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 429) return "throttled";
  if (status >= 500) return "unavailable";
  // The APIs never redirect, and the client does not follow redirects (the bearer token would go along).
  if (status < 400) return "invalid-response";
  return "bad-request";
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, 500) : undefined;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads Microsoft's error body in any of the shapes it uses: `{code,message,target,details}` (Fulfillment,
 * Metering), `{error:{code,message}}` (500), `{Error:{Code,Message}}` (api-version, ASP.NET style),
 * `{statusCode,message}` (API Management's 429), or a bare JSON string (403).
 */
export function parseMicrosoftError(text: string): MicrosoftErrorBody | undefined {
  if (text.trim() === "") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined; // HTML from a proxy, or plain text: nothing worth showing
  }
  if (typeof body === "string") return { message: str(body) };
  if (!isRecord(body)) return undefined;
  const inner = isRecord(body.error) ? body.error : isRecord(body.Error) ? body.Error : body;
  const pick = (name: string): unknown => inner[name] ?? inner[name.charAt(0).toUpperCase() + name.slice(1)];
  const details = Array.isArray(pick("details"))
    ? (pick("details") as unknown[])
        .filter(isRecord)
        .map((d) => ({ code: str(d.code), message: str(d.message), target: str(d.target) }))
    : undefined;
  const result: MicrosoftErrorBody = {
    code: str(pick("code")),
    message: str(pick("message")),
    target: str(pick("target")),
    details,
  };
  return Object.values(result).some((v) => v !== undefined) ? result : undefined;
}

/**
 * What an operator reads when a change may or may not have been made: never "nothing was changed", never
 * "try again" (a second request would be refused as locked, or make the change twice).
 */
export function outcomeUnknownMessage(kind: MarketplaceErrorKind, status: number | undefined): string {
  const what =
    kind === "timeout" ? "did not answer in time" : status ? `failed (HTTP ${status})` : "dropped the connection";
  return `Microsoft's marketplace service ${what} after the request may have reached it: the change may have been made. The portal did not send it again.`;
}

// Errors that happen before a connection exists: the request certainly never reached Microsoft.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/** True when a failed request certainly did not reach the server (refused or unresolvable); a reset or a hang-up may come after it did. */
export function neverSent(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : "";
  return NOT_SENT_CODES.has(code);
}

/** TLS failures are not transient: the certificate is not trusted (locally: NODE_EXTRA_CA_CERTS). */
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The TLS error code behind a failed fetch, if that is what failed. */
export function tlsErrorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : "";
  return TLS_CODES.has(code) ? code : undefined;
}

export function untrustedCertificateMessage(service: string, code: string | undefined): string {
  return `${service}'s TLS certificate is not trusted (${code}). Locally, start Node with NODE_EXTRA_CA_CERTS pointing at the simulator's certificate (.data/certs/localhost.pem).`;
}
