// The brand every page shows, read once per request by the root loader.
import { type Brand, brandOf } from "~/modules/workspace/brand";
import { getWorkspace } from "~/modules/workspace/workspace-settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export async function loadBrand(): Promise<Brand> {
  return brandOf(await getWorkspace(getDb(), getEnv()));
}
