// The vendor's name, logo and colour as the root loader gives them to every
// page, and the mark that shows them in place of the product's name.
import { Link, useRouteLoaderData } from "@remix-run/react";
import type { Brand } from "~/modules/workspace/brand";

const FALLBACK: Brand = {
  vendorName: "Waypoint",
  logoUrl: null,
  cssVars: null,
  contact: { supportEmail: null, meetingUrl: null },
};

const brandIn = (rootData: unknown): Brand => (rootData as { brand?: Brand } | undefined)?.brand ?? FALLBACK;

/** The brand from the root loader; the product's own when it has not loaded (an error page). */
export function useBrand(): Brand {
  return brandIn(useRouteLoaderData("root"));
}

/**
 * A page's title for its route's `meta`: "<page> · <vendor name>", or the vendor's
 * name alone without a page. Meta runs outside React, so the name comes from the
 * root loader's data among the route's `matches`.
 */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], page?: string): string {
  const { vendorName } = brandIn(matches.find((m) => m.id === "root")?.data);
  return page ? `${page} · ${vendorName}` : vendorName;
}

/** The logo (if any) and the vendor's name, linking home when `to` is given. */
export function BrandMark({ to, className = "" }: { to?: string; className?: string }) {
  const brand = useBrand();
  const inner = (
    <>
      {brand.logoUrl ? <img src={brand.logoUrl} alt="" className="h-8 w-auto max-w-[8rem] object-contain" /> : null}
      <span className="truncate">{brand.vendorName}</span>
    </>
  );
  const look =
    `inline-flex min-w-0 max-w-full items-center gap-2 whitespace-nowrap text-lg font-bold tracking-tight text-brand-700 ${className}`.trim();
  return to ? (
    <Link to={to} className={look}>
      {inner}
    </Link>
  ) : (
    <span className={look}>{inner}</span>
  );
}
