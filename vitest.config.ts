import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const alias = {
  "@": root,
  "server-only": path.join(root, "test/empty-module.ts"),
};

// Three projects: `unit` (no database), `integration` (a real PGlite database per test file, or a
// PostgreSQL server when TEST_DATABASE_URL is set) and `simulator` (the Microsoft stand-in, over HTTP).
export default defineConfig({
  resolve: { alias },
  test: {
    pool: "forks",
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
            "test/**/*.test.ts",
            "examples/**/*.test.ts",
            "auth.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: [
            "lib/**/*.int.test.ts",
            "app/**/*.int.test.ts",
            "scripts/**/*.int.test.ts",
            "test/**/*.int.test.ts",
          ],
          environment: "node",
          globalSetup: ["test/global-setup.ts", "test/simulator-global-setup.ts"],
          setupFiles: ["test/setup-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "simulator",
          include: ["simulator/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
    ],
  },
});
