// The link above a page's title back to the page it was opened from.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="mb-3 text-sm">
      <Link to={to} className="text-brand-700 underline">
        ← {children}
      </Link>
    </p>
  );
}
