// The brand every page shows, given by the root loader (kept for a minute; see getCachedWorkspace).
import { type Brand, brandOf } from "~/modules/workspace/brand";
import { getCachedWorkspace } from "~/modules/workspace/workspace-settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export async function loadBrand(): Promise<Brand> {
  return brandOf(await getCachedWorkspace(getDb(), getEnv(), Date.now()));
}
