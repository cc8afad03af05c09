// Small readers for what every action needs from a request: its form fields,
// and the client's address (as Express saw it, trusting proxies only when told to).
import type { AppLoadContext } from "@remix-run/node";

/** The posted fields, or null when the body is not a readable form. */
export async function readForm(request: Request): Promise<Record<string, FormDataEntryValue> | null> {
  try {
    return Object.fromEntries(await request.formData());
  } catch {
    return null;
  }
}

export function clientIp(context: AppLoadContext): string | null {
  return typeof context.clientIp === "string" ? context.clientIp : null;
}
