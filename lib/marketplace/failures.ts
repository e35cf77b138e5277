import "server-only";
import {
  kindForStatus,
  neverSent,
  parseMicrosoftError,
  tlsErrorCode,
  untrustedCertificateMessage,
  type MarketplaceErrorKind,
  type MicrosoftErrorBody,
} from "./errors";
import { isRetryableStatus, parseRetryAfterMs } from "./retry";
import { TokenAcquisitionError } from "./token";

/**
 * What went wrong with one attempt at Microsoft, classified for the retry loop (http.ts): whether to try
 * again, and whether the request may have reached Microsoft's service (an answer that never came back does
 * not mean nothing was done).
 */
export type Failure = {
  kind: MarketplaceErrorKind;
  retryable: boolean;
  /** The request may have reached Microsoft's service (and been acted on) although no usable answer came back. */
  mayHaveArrived: boolean;
  status?: number;
  microsoft?: MicrosoftErrorBody;
  retryAfterMs?: number;
  message?: string;
  cause?: unknown;
};

export function networkFailure(error: unknown, callerAborted: boolean): Failure {
  // A timeout or an abort may strike after the request was sent: whether Microsoft got it is unknown.
  if (callerAborted)
    return {
      kind: "timeout",
      retryable: false,
      mayHaveArrived: true,
      message: "The call to Microsoft was cancelled.",
      cause: error,
    };
  if (error instanceof Error && error.name === "TimeoutError")
    return { kind: "timeout", retryable: true, mayHaveArrived: true, cause: error };
  const tls = tlsErrorCode(error);
  if (tls)
    return {
      kind: "configuration",
      retryable: false,
      mayHaveArrived: false,
      message: untrustedCertificateMessage("The marketplace API", tls),
      cause: error,
    };
  return { kind: "unavailable", retryable: true, mayHaveArrived: !neverSent(error), cause: error };
}

/** 401/403 are refused at the door and 429 by the gateway in front of the service: nothing was done. 5xx may come after the work. */
export function statusFailure(status: number, text: string, retryAfter: string | null): Failure {
  return {
    kind: kindForStatus(status),
    retryable: isRetryableStatus(status),
    mayHaveArrived: status >= 500,
    status,
    microsoft: parseMicrosoftError(text),
    retryAfterMs: parseRetryAfterMs(retryAfter),
  };
}

export function tokenFailure(error: unknown): Failure {
  if (!(error instanceof TokenAcquisitionError))
    return { kind: "configuration", retryable: false, mayHaveArrived: false, cause: error };
  const kind = error.reason;
  return {
    kind,
    retryable: error.retryable,
    mayHaveArrived: false,
    retryAfterMs: error.retryAfterMs,
    message: error.explanation,
    cause: error,
    ...(error.entraCode ? { microsoft: { code: error.entraCode } } : {}),
  };
}
