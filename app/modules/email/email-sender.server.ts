// Hands a rendered email to the provider. Results, never exceptions: the
// caller decides between sent, retry later and failed for good.
import { Resend } from "resend";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export type SendResult =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; status: number | null; retryAfterMs: number | null; message: string };

export interface EmailSender {
  send(email: OutgoingEmail, idempotencyKey: string): Promise<SendResult>;
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** 429, 5xx, timeouts and network errors are worth another try; other 4xx are not. */
export function isRetryable(status: number | null, name?: string): boolean {
  if (status === null) return true;
  if (status === 429 || status >= 500) return true;
  // Two requests with one idempotency key at the same moment: the first one decides.
  return status === 409 && name === "concurrent_idempotent_requests";
}

export function createResendSender(options: { apiKey: string; baseUrl?: string; timeoutMs?: number }): EmailSender {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    async send(email, idempotencyKey) {
      // The SDK has no timeout of its own: abort the request, and race it in
      // case the abort is swallowed somewhere along the way.
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => {
          controller.abort();
          resolve("timeout");
        }, timeoutMs);
      });
      try {
        const result = await Promise.race([
          resend.emails.send(
            {
              from: email.from,
              to: email.to,
              subject: email.subject,
              html: email.html,
              text: email.text,
              headers: email.headers,
            },
            { idempotencyKey, signal: controller.signal } as Parameters<typeof resend.emails.send>[1],
          ),
          timedOut,
        ]);
        if (result === "timeout" || controller.signal.aborted) {
          return {
            ok: false,
            retryable: true,
            status: null,
            retryAfterMs: null,
            message: `No answer from Resend within ${timeoutMs / 1000}s`,
          };
        }
        if (result.data?.id) return { ok: true, providerId: result.data.id };
        const error = (result.error ?? {}) as { statusCode?: number | null; name?: string; message?: string };
        const status = typeof error.statusCode === "number" ? error.statusCode : null;
        const headers = (result as { headers?: Record<string, string> | null }).headers ?? null;
        return {
          ok: false,
          retryable: isRetryable(status, error.name),
          status,
          retryAfterMs: parseRetryAfter(headers?.["retry-after"], new Date()),
          message: `${status ?? "network error"}${error.name ? ` ${error.name}` : ""}: ${error.message ?? "no message"}`,
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
