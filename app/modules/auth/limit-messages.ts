// What a sign-in refusal says, naming the limit that refused: the address typed,
// the network the request came from (per-IP), or this browser (a trusted device).

/** Which limit held a sign-in back. */
export type LimitKind = "address" | "network" | "device";

export function passwordLimitMessage(limit: LimitKind, retry: string): string {
  switch (limit) {
    case "address":
      return `Too many sign-in attempts for this address. Try again ${retry}, or email yourself a sign-in link.`;
    case "network":
      return `Too many sign-in attempts from your network. Try again ${retry}.`;
    case "device":
      return `Too many sign-in attempts from this browser. Try again ${retry}, or email yourself a sign-in link.`;
  }
}

/** Links are refused only by the network's limit (ADR 014). */
export function linkLimitMessage(retry: string): string {
  return `Too many sign-in links were asked for from your network. Try again ${retry}.`;
}

/** The limit a throttle key belongs to ("password-ip:…" is the network). */
export function limitKindOf(key: string): LimitKind {
  if (key.includes("-ip:")) return "network";
  if (key.includes("-device:")) return "device";
  return "address";
}
