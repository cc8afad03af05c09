// The per-request CSP nonce, handed from the server entry to <Scripts> and
// <ScrollRestoration> so Remix's inline scripts run under the policy.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
