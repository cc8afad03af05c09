import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { BrandMark } from "./brand";

const STAFF_NAV = [
  { to: "/csm", label: "Portfolio" },
  { to: "/csm/outbox", label: "Outbox" },
  { to: "/admin/playbooks", label: "Playbooks" },
  { to: "/insights", label: "Insights" },
];
const ADMIN_NAV = [
  ...STAFF_NAV,
  { to: "/admin/team", label: "Team" },
  { to: "/admin/import", label: "Import" },
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
      {/* Two rows that wrap word by word, never inside a name: a phone's 320 px
          holds the admin's four links (WCAG 1.4.10); a long name is cut short
          on screen but read whole by a screen reader, with a tooltip. */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-col gap-2 px-4 py-3 text-sm">
          <div className="flex items-center justify-between gap-3">
            <div className="min-w-0 shrink">
              <BrandMark to="/" />
            </div>
            <div className="flex min-w-0 items-center gap-3">
              <span className="min-w-0 truncate whitespace-nowrap text-slate-600" title={user.name}>
                {user.name}
              </span>
              <Form method="post" action="/logout" className="shrink-0">
                <button
                  type="submit"
                  className="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
                >
                  Sign out
                </button>
              </Form>
            </div>
          </div>
          <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2">
            {links.length ? (
              <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1">
                {links.map((n) => (
                  <Link key={n.to} to={n.to} className="whitespace-nowrap text-slate-700 hover:text-brand-700">
                    {n.label}
                  </Link>
                ))}
              </nav>
            ) : null}
            <nav aria-label="Your settings" className="flex flex-wrap gap-x-4 gap-y-1">
              <Link to="/settings/notifications" className="whitespace-nowrap text-slate-700 hover:text-brand-700">
                Email settings
              </Link>
              <Link to="/settings/security" className="whitespace-nowrap text-slate-700 hover:text-brand-700">
                Security
              </Link>
            </nav>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
