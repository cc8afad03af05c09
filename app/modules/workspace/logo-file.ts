// What a logo upload may be: a PNG, JPEG or WebP image recognised by its first
// bytes (never by its name or the browser's word), small enough for emails.
// SVG is refused outright: it can carry scripts, and sanitising it is a
// library and a risk of its own (ADR 023).

export const MAX_LOGO_BYTES = 512 * 1024;

export type LogoType = "image/png" | "image/jpeg" | "image/webp";

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes are, or null. */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** Text that opens like XML or SVG, after an optional BOM and white space. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return head.startsWith("<svg") || head.startsWith("<?xml") || (head.startsWith("<!") && head.includes("<svg"));
}

/** The logo's type, or the words that say why it cannot be the logo. */
export function checkLogo(bytes: Uint8Array): { ok: true; type: LogoType } | { ok: false; message: string } {
  if (bytes.length === 0) return { ok: false, message: "Choose an image file to upload." };
  if (bytes.length > MAX_LOGO_BYTES)
    return {
      ok: false,
      message: `The logo is ${Math.ceil(bytes.length / 1024)} KB; it can be at most ${MAX_LOGO_BYTES / 1024} KB.`,
    };
  if (looksLikeSvg(bytes))
    return {
      ok: false,
      message: "SVG logos are not accepted because they can carry scripts. Upload a PNG, JPEG or WebP.",
    };
  const type = sniffLogoType(bytes);
  if (!type) return { ok: false, message: "The logo must be a PNG, JPEG or WebP image." };
  return { ok: true, type };
}
