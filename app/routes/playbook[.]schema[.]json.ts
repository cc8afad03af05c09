// The JSON Schema of a playbook file, generated from the zod schema the importer
// uses, so that editors check a playbook as it is written (ADR 030). Public: it
// says nothing about this workspace, and editors fetch it without signing in.
import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { playbookJsonSchema } from "~/modules/playbooks/playbook-document";

const body = `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`;
const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

export async function loader({ request }: LoaderFunctionArgs) {
  // It changes only with a new release: cached for an hour, then revalidated by its ETag.
  const headers = { ETag: etag, "Cache-Control": "public, max-age=3600" };
  const seen = request.headers.get("if-none-match");
  if (seen?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { headers: { ...headers, "Content-Type": "application/schema+json; charset=utf-8" } });
}
