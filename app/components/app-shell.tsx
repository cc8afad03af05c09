import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { BrandMark } from "./brand";

const STAFF_NAV = [
  { to: "/csm", label: "Portfolio" },
  { to: "/csm/outbox", label: "Outbox" },
];
const ADMIN_NAV = [
  ...STAFF_NAV,
  { to: "/admin/team", label: "Team" },
  { to: "/admin/settings", label: "Settings" },
  { to: "/admin/audit", label: "Audit log" },
];
const CUSTOMER_NAV = [{ to: "/journey", label: "Your journey" }];

export function AppShell({
  user,
  nav,
  children,
}: {
  user: { name: string; role: string };
  nav?: { to: string; label: string }[];
  children: ReactNode;
}) {
  const links = nav ?? (user.role === "customer" ? CUSTOMER_NAV : user.role === "admin" ? ADMIN_NAV : STAFF_NAV);
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          {/* Wraps at a phone's width: a vendor's name and the admin's five links do not fit on one line. */}
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <BrandMark to="/" />
            {links.length ? (
              <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {links.map((n) => (
                  <Link key={n.to} to={n.to} className="text-slate-700 hover:text-brand-700">
                    {n.label}
                  </Link>
                ))}
              </nav>
            ) : null}
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600">{user.name}</span>
            <Link to="/settings/notifications" className="text-slate-700 hover:text-brand-700">
              Email settings
            </Link>
            <Link to="/settings/security" className="text-slate-700 hover:text-brand-700">
              Security
            </Link>
            <Form method="post" action="/logout">
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
              >
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
