import { defineConfig } from "vitest/config";

// `pnpm test:package`: packs the package and checks it from a throwaway consumer on Node 20, 22, 24.
export default defineConfig({
  test: {
    include: ["harness/package/*.e2e.ts"],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
    reporters: ["default"],
  },
});
