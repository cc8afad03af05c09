// The owner labels people read, pinned for each surface: a journey page, an
// email to a customer contact and an email to staff word customer owners differently.
import { describe, expect, it } from "vitest";
import { type MilestoneOwner, ownerLabel, ownerRoleLabel } from "~/modules/playbooks/owner-label";

const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

const vendorRole: MilestoneOwner = { side: "vendor", role: "onboarding", userId: null, name: null };
const vendorPerson: MilestoneOwner = { ...vendorRole, userId: OTHER, name: "Maya Chen", teamFunction: "csm" };
const customerTeam: MilestoneOwner = { side: "customer", role: "champion", userId: null, name: null };
const customerPerson: MilestoneOwner = {
  ...customerTeam,
  userId: OTHER,
  name: "Priya Raman",
  jobTitle: "Head of Operations",
};

describe("owner labels", () => {
  it("say You to the owner, on every surface", () => {
    for (const audience of ["page", "staff_page", "customer_email", "staff_email"] as const) {
      expect(ownerLabel({ ...customerPerson, userId: ME }, ME, audience)).toBe("You");
      expect(ownerLabel({ ...vendorPerson, userId: ME }, ME, audience)).toBe("You");
    }
  });

  it("on a journey page: a name with the person's function or title, else the playbook's role", () => {
    expect(ownerLabel(vendorRole, ME, "page")).toBe("Onboarding specialist");
    expect(ownerLabel(vendorPerson, ME, "page")).toBe("Maya Chen · Customer success manager");
    expect(ownerLabel(customerTeam, ME, "page")).toBe("Your team");
    expect(ownerLabel(customerPerson, ME, "page")).toBe("Priya Raman · Head of Operations");
    expect(ownerLabel({ ...customerPerson, jobTitle: null }, ME, "page")).toBe("Priya Raman · Your team");
    expect(ownerLabel({ ...vendorRole, role: "unknown" }, ME, "page")).toBe("Our team");
  });

  it("on a staff page: customer owners as the customer's, never 'Your team'; staff as on any page", () => {
    expect(ownerLabel(customerTeam, ME, "staff_page")).toBe("The customer");
    expect(ownerLabel(customerPerson, ME, "staff_page")).toBe("Priya Raman · Head of Operations, customer");
    expect(ownerLabel({ ...customerPerson, jobTitle: null }, ME, "staff_page")).toBe("Priya Raman · Customer");
    expect(ownerLabel(vendorPerson, ME, "staff_page")).toBe("Maya Chen · Customer success manager");
    expect(ownerLabel(vendorRole, ME, "staff_page")).toBe("Onboarding specialist");
  });

  it("in a contact's email: customer owners by name alone, staff by name and role", () => {
    expect(ownerLabel(customerTeam, ME, "customer_email")).toBe("Your team");
    expect(ownerLabel({ ...customerPerson, jobTitle: undefined }, ME, "customer_email")).toBe("Priya Raman");
    expect(ownerLabel({ ...vendorPerson, teamFunction: undefined }, ME, "customer_email")).toBe(
      "Maya Chen · Onboarding specialist",
    );
    expect(ownerLabel(vendorRole, null, "customer_email")).toBe("Onboarding specialist");
  });

  it("in a staff email: customer owners marked as the customer's", () => {
    expect(ownerLabel(customerTeam, ME, "staff_email")).toBe("The customer");
    expect(ownerLabel({ ...customerPerson, jobTitle: undefined }, ME, "staff_email")).toBe("Priya Raman (customer)");
    expect(ownerLabel(vendorRole, ME, "staff_email")).toBe("Onboarding specialist");
  });

  it("names the role alone as the page shows it", () => {
    expect(ownerRoleLabel(vendorPerson)).toBe("Customer success manager");
    expect(ownerRoleLabel({ ...vendorPerson, userId: null })).toBe("Onboarding specialist");
    expect(ownerRoleLabel(customerPerson)).toBe("Head of Operations");
  });
});
