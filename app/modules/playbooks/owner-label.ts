// How a milestone's owner reads to people, on journey pages and in emails:
// "You", a name with a role, or a role alone ("Onboarding specialist", not "onboarding").
import type { TeamFunction } from "#db/schema";

const VENDOR_ROLE_LABELS: Record<TeamFunction, string> = {
  sales: "Sales",
  onboarding: "Onboarding specialist",
  csm: "Customer success manager",
  support: "Support",
  account_manager: "Account manager",
};

export function roleLabel(side: "customer" | "vendor", role: string | null): string {
  if (side === "customer") return "Your team";
  return VENDOR_ROLE_LABELS[role as TeamFunction] ?? "Our team";
}

/** A staff member's team function as the team page and the owner picker name it. */
export function teamFunctionLabel(fn: TeamFunction | null): string {
  return fn ? VENDOR_ROLE_LABELS[fn] : "No team function";
}

export interface MilestoneOwner {
  side: "customer" | "vendor";
  /** The playbook's role for the step, e.g. "onboarding". */
  role: string | null;
  userId: string | null;
  name: string | null;
  /** The assigned staff member's team function: it names their role better than the playbook does. */
  teamFunction?: string | null;
  /** The assigned contact's job title. */
  jobTitle?: string | null;
}

/**
 * Where the label is read. The customer's journey page names customer owners by their role
 * like anyone else; the staff's pages and emails mark them as the customer's, and an
 * email to a contact names them alone.
 */
export type OwnerLabelAudience = "page" | "staff_page" | "customer_email" | "staff_email";

/** The owner's role as a person reads it. */
export function ownerRoleLabel(owner: MilestoneOwner): string {
  if (owner.userId && owner.side === "vendor" && owner.teamFunction) return roleLabel("vendor", owner.teamFunction);
  if (owner.side === "customer" && owner.jobTitle) return owner.jobTitle;
  return roleLabel(owner.side, owner.role);
}

/** Who owns a milestone, as the reader (`readerId`, when known) sees it. */
export function ownerLabel(owner: MilestoneOwner, readerId: string | null, audience: OwnerLabelAudience): string {
  if (owner.userId && owner.userId === readerId) return "You";
  if (owner.side === "customer" && audience === "staff_email") {
    return owner.name ? `${owner.name} (customer)` : "The customer";
  }
  if (owner.side === "customer" && audience === "customer_email") return owner.name ?? "Your team";
  if (owner.side === "customer" && audience === "staff_page") {
    // Staff read the customer's side as theirs, never as "Your team".
    const role = owner.jobTitle ? `${owner.jobTitle}, customer` : "Customer";
    return owner.name ? `${owner.name} · ${role}` : "The customer";
  }
  const role = ownerRoleLabel(owner);
  return owner.name ? `${owner.name} · ${role}` : role;
}
