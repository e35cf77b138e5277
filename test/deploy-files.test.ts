import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUILD_COMMAND,
  MIGRATE_COMMAND,
  SERVER_COMMAND,
  STANDALONE_DIR,
  WORKER_COMMAND,
} from "../scripts/release/commands";

/**
 * The Dockerfile and compose.yaml cannot be built here (no Docker engine), so they must run exactly what
 * the smoke test runs (scripts/test/smoke.ts, through scripts/release/commands.ts): same build, same folder,
 * same start and migration commands. A change to one without the other fails here.
 */
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const exec = (command: readonly string[]) => JSON.stringify(command).replaceAll(",", ", ");

/** Instructions of the Dockerfile's last stage (the image that runs), line continuations joined. */
function runtimeStage(): string[] {
  const lines = read("Dockerfile")
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .filter((l) => l.trim() && !l.trim().startsWith("#"));
  const from = lines.findLastIndex((l) => l.startsWith("FROM "));
  return lines.slice(from);
}

/** The block of one service of compose.yaml (its lines, up to the next service or top-level key). */
function service(name: string): string {
  const text = read("compose.yaml");
  const start = text.indexOf(`\n  ${name}:\n`);
  expect(start, `compose.yaml has a service "${name}"`).toBeGreaterThan(-1);
  const rest = text.slice(start + 1);
  const end = rest.slice(1).search(/\n(?: {2}\S|\S)/);
  return end === -1 ? rest : rest.slice(0, end + 1);
}

describe("the Dockerfile ships what the smoke test runs", () => {
  const dockerfile = read("Dockerfile");
  const runtime = runtimeStage();

  it("builds with the smoke test's build command and copies its folder", () => {
    expect(dockerfile).toMatch(new RegExp(`^RUN ${BUILD_COMMAND.join(" ")}$`, "m"));
    expect(runtime).toContain(`COPY --from=build /src/${STANDALONE_DIR} ./`);
  });

  it("starts the server with the smoke test's command, and documents the migration and worker commands", () => {
    expect(runtime.filter((l) => l.startsWith("CMD "))).toEqual([`CMD ${exec(SERVER_COMMAND)}`]);
    expect(dockerfile).toContain(MIGRATE_COMMAND.join(" "));
    expect(dockerfile).toContain(WORKER_COMMAND.join(" "));
  });

  it("runs on node 20 as a non-root user, checks /api/health, and hands SIGTERM to the portal's own shutdown", () => {
    expect(runtime[0]).toMatch(/^FROM node:20-slim AS runtime$/);
    expect(runtime.filter((l) => l.startsWith("USER "))).toEqual(["USER node"]);
    expect(runtime.find((l) => l.startsWith("HEALTHCHECK "))).toContain("/api/health");
    expect(runtime.join("\n")).toMatch(/NEXT_MANUAL_SIG_HANDLE=true/);
  });
});

describe("compose.yaml runs what the smoke test runs", () => {
  it("migrates with the release command, once, before the portal starts", () => {
    const migrate = service("migrate");
    expect(migrate).toContain(`command: ${exec(MIGRATE_COMMAND)}`);
    expect(migrate).toMatch(/condition: service_healthy/);
    const portal = service("portal");
    expect(portal).toContain(`command: ${exec(SERVER_COMMAND)}`);
    expect(portal).toMatch(/migrate:\s+condition: service_completed_successfully/);
  });

  it("gives the portal a read-only root file system with /tmp writable, and time to shut down gracefully", () => {
    const shared = read("compose.yaml").split("\nservices:")[0]!;
    expect(shared).toMatch(/read_only: true/);
    expect(shared).toMatch(/tmpfs:\s+- \/tmp/);
    const grace = Number(/stop_grace_period: (\d+)s/.exec(service("portal"))?.[1]);
    expect(grace * 1000).toBeGreaterThan(25_000);
  });
});
