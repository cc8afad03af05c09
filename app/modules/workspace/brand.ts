// What every page shows of the workspace: the vendor's name, the logo's
// versioned address and the brand shades as CSS variables. Free of server-only
// code, so the page components read the same type.
import { brandShades } from "./brand-colour";

export interface Brand {
  vendorName: string;
  /** "/brand/logo?v=…", or null without a logo. */
  logoUrl: string | null;
  /** CSS custom properties for the brand shades, or null for the default blue. */
  cssVars: Record<string, string> | null;
  /** What customers see under "Contact your CSM"; null where not set. */
  contact: { supportEmail: string | null; meetingUrl: string | null };
}

/** The logo's address; the version makes a new logo a new URL, so the old one may be cached for long. */
export function logoPath(version: string): string {
  return `/brand/logo?v=${version}`;
}

export function brandOf(w: {
  vendorName: string;
  brandColour: string | null;
  logoVersion: string | null;
  supportEmail: string | null;
  meetingUrl: string | null;
}): Brand {
  return {
    vendorName: w.vendorName,
    contact: { supportEmail: w.supportEmail, meetingUrl: w.meetingUrl },
    logoUrl: w.logoVersion ? logoPath(w.logoVersion) : null,
    cssVars: w.brandColour
      ? Object.fromEntries(Object.entries(brandShades(w.brandColour)).map(([k, v]) => [`--brand-${k}`, v]))
      : null,
  };
}
