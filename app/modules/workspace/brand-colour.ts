// The brand colour's rules: a hex colour that white text can sit on and that
// reads as link text on the page, and the shades the portal derives from it.
// Free of server-only code: the settings page shows the same check.

/** WCAG 2.1's minimum for normal-size text (success criterion 1.4.3). */
export const MIN_TEXT_CONTRAST = 4.5;

/** The page behind links: Tailwind's slate-50, a shade darker than white, so the stricter of the two. */
const PAGE_BACKGROUND = "#f8fafc";

type Rgb = [number, number, number];

/** "#1F57C0", "1f57c0" or "#15c" → "#1f57c0"; null when it is not a hex colour. */
export function normaliseHex(input: string): string | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return `#${hex.toLowerCase()}`;
}

function rgbOf(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hexOf(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two hex colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Why the colour cannot be the brand colour, or null when it can. It is the
 * background of buttons with white text and the colour of links on the page,
 * so it needs 4.5:1 against both.
 */
export function brandColourProblem(hex: string): string | null {
  const ratio = Math.min(contrastRatio(hex, "#ffffff"), contrastRatio(hex, PAGE_BACKGROUND));
  if (ratio >= MIN_TEXT_CONTRAST) return null;
  return `${hex} is too light: white text on it, or it as text on the page, has a contrast of ${ratio.toFixed(1)}:1, and text needs at least ${MIN_TEXT_CONTRAST}:1. Choose a darker colour.`;
}

/** `hex` mixed with `toward` (0 = hex, 1 = toward). */
function mix(hex: string, toward: string, amount: number): string {
  const a = rgbOf(hex);
  const b = rgbOf(toward);
  return hexOf([0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * amount) as Rgb);
}

/**
 * The portal's brand shades from one colour: 600 is the colour itself (buttons),
 * darker shades for hover and link text (more contrast, never less), light tints
 * for backgrounds behind dark text. Values are "r g b" for Tailwind's
 * `rgb(var(--brand-600) / <alpha-value>)`.
 */
export function brandShades(hex: string): Record<"50" | "100" | "500" | "600" | "700" | "800" | "900", string> {
  const triple = (h: string) => rgbOf(h).join(" ");
  return {
    "50": triple(mix(hex, "#ffffff", 0.93)),
    "100": triple(mix(hex, "#ffffff", 0.85)),
    "500": triple(mix(hex, "#ffffff", 0.1)),
    "600": triple(hex),
    "700": triple(mix(hex, "#000000", 0.18)),
    "800": triple(mix(hex, "#000000", 0.32)),
    "900": triple(mix(hex, "#000000", 0.5)),
  };
}
