import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".data/**", "generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Product code reads configuration through lib/env.ts only.
    files: ["app/**", "lib/**", "auth.ts", "proxy.ts"],
    ignores: ["lib/env.ts", "lib/env/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    // The product never imports the simulator, and the simulator never imports the product.
    files: ["app/**", "lib/**", "auth.ts", "proxy.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["**/simulator/**", "@/simulator/**"], message: "The product never imports the simulator." }] }] },
  },
  {
    files: ["simulator/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/**", "@/lib/**", "**/app/**", "**/lib/**"], message: "The simulator never imports the product." }] }] },
  },
  {
    // Command-line tools, tests and benchmarks print to the console.
    files: ["scripts/**", "simulator/main.ts", "bench/**", "e2e/**", ".ci/**", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
];
export default config;
