// Browser tests (`npm run test:e2e`): each file starts the real server
// (`tsx app/server/start.ts`) on a fresh embedded PostgreSQL and drives it
// with Chromium through playwright-core. Slow by nature, so one file at a time.
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    // The first start may build the app and initialise a PostgreSQL cluster.
    hookTimeout: 180_000,
    testTimeout: 120_000,
    teardownTimeout: 60_000,
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
