// The workspace's logo, for every page and for emails (so no sign-in). The URL
// carries the logo's version: a versioned request may be cached for a year, an
// unversioned one briefly; either way the ETag lets a browser revalidate for free.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLogo } from "~/modules/workspace/workspace-settings.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const logo = await getLogo(getDb());
  if (!logo) return new Response("No logo has been uploaded.", { status: 404 });
  const etag = `"${logo.etag}"`;
  const version = new URL(request.url).searchParams.get("v");
  const headers = {
    ETag: etag,
    "Cache-Control": version === logo.etag ? "public, max-age=31536000, immutable" : "public, max-age=300",
  };
  const seen = request.headers.get("if-none-match");
  if (seen?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(logo.bytes), {
    headers: { ...headers, "Content-Type": logo.type, "Content-Length": String(logo.bytes.length) },
  });
}
