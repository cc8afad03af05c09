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

/** The brand from the root loader; the product's own when it has not loaded (an error page). */
export function useBrand(): Brand {
  const data = useRouteLoaderData("root") as { brand?: Brand } | undefined;
  return data?.brand ?? FALLBACK;
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
