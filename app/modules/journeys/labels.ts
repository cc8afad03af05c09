// How owners' roles read to people: "Onboarding specialist", not "onboarding".
const VENDOR_ROLE_LABELS: Record<string, string> = {
  sales: "Sales",
  onboarding: "Onboarding specialist",
  csm: "Customer success manager",
  support: "Support",
  account_manager: "Account manager",
};

export function roleLabel(side: "customer" | "vendor", role: string | null): string {
  if (side === "customer") return "Your team";
  return VENDOR_ROLE_LABELS[role ?? ""] ?? "Our team";
}
