import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Test files and test support are outside the walls: they set the house up from outside.
const TESTS = ["**/*.test.ts", "**/*.test.tsx"];

const WALLS = {
  simulator: { group: ["**/simulator/**", "@/simulator/**"], message: "The product never imports the simulator." },
  database: {
    group: ["@/lib/db", "**/lib/db", "../db", "@/generated/**", "**/generated/prisma/**"],
    allowTypeImports: true,
    message: "Only lib/data talks to the database (lib/db, the generated Prisma client): call a function of lib/data.",
  },
  marketplace: {
    group: [
      "@/lib/marketplace",
      "@/lib/marketplace/**",
      "**/lib/marketplace",
      "**/lib/marketplace/**",
      "../marketplace",
      "../marketplace/**",
    ],
    message: "lib/marketplace is called by the workflows in lib/, never by app/ or lib/data.",
  },
  app: { group: ["@/app/**", "**/app/**"], message: "lib never imports app/." },
  root: {
    group: ["@/auth", "@/proxy", "@/instrumentation", "**/../auth", "**/../proxy"],
    message: "lib never imports root files (auth.ts, proxy.ts): import from lib/.",
  },
  testSupport: {
    group: ["@/test/**", "**/test/**", "vitest", "@playwright/test"],
    message: "Test support stays out of product code (test/, e2e/).",
  },
};

/** Each room of the product and the walls around it. */
const ROOMS = [
  { files: ["app/**"], walls: ["simulator", "database", "marketplace", "testSupport"] },
  { files: ["lib/data/**"], walls: ["simulator", "marketplace", "app", "root", "testSupport"] },
  {
    files: ["lib/**"],
    ignores: ["lib/data/**", "lib/db.ts"],
    walls: ["simulator", "database", "app", "root", "testSupport"],
  },
  { files: ["lib/db.ts"], walls: ["simulator", "app", "root", "testSupport"] },
  { files: ["auth.ts", "proxy.ts", "instrumentation.ts"], walls: ["simulator", "database", "testSupport"] },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".data/**",
      "generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Product code reads configuration through lib/env/ only.
    files: ["app/**", "lib/**", "auth.ts", "proxy.ts"],
    ignores: ["lib/env/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env/." },
      ],
    },
  },
  // The walls between rooms (README, "Architecture"). One rule per file set, since a later config object
  // replaces an earlier one's list for the same rule: wallsFor() assembles each room's whole list.
  ...ROOMS.map(({ files, ignores, walls }) => ({
    files,
    ignores: [...(ignores ?? []), ...TESTS],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: walls.map((w) => WALLS[w]) }] },
  })),
  {
    files: ["simulator/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/**", "@/lib/**", "**/app/**", "**/lib/**"],
              message: "The simulator never imports the product.",
            },
          ],
        },
      ],
    },
  },
  {
    // The examples are the ISV's code, to be copied out: they use the portal over HTTP only, like the simulator.
    files: ["examples/**"],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/**", "**/app/**", "**/lib/**", "**/simulator/**"],
              message: "An example never imports the portal: it talks to it over HTTP, as the ISV's app does.",
            },
          ],
        },
      ],
    },
  },
  {
    // Command-line tools, tests, benchmarks and the examples' servers print to the console.
    files: ["scripts/**", "simulator/main.ts", "bench/**", "e2e/**", ".ci/**", "examples/**", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
];
export default config;
