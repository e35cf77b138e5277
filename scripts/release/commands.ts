/**
 * How the production build is made and run: one list that the smoke test (scripts/test/smoke.ts) runs
 * and that test/deploy-files.test.ts holds the Dockerfile and compose.yaml to, so that they cannot drift.
 */
export const STANDALONE_DIR = ".next/standalone";
/** Makes STANDALONE_DIR (scripts/build-standalone.ts). */
export const BUILD_COMMAND = ["npm", "run", "build:standalone"] as const;
/** Run inside STANDALONE_DIR. */
export const MIGRATE_COMMAND = ["node", "migrate.mjs"] as const;
export const SERVER_COMMAND = ["node", "server.js"] as const;
export const WORKER_COMMAND = ["node", "worker.mjs"] as const;
