/**
 * A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, listening on loopback
 * only, trust authentication (loopback, throwaway data). Uses Debian's binaries when installed
 * (/usr/lib/postgresql/<version>/bin) or whatever `initdb` is on PATH. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user (Debian's package creates it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const findPostgres = (): boolean => findBinDir() !== undefined;

export type PostgresServer = {
  url: string;
  stop(): void;
  /** Stops the server at once (as a crash would: `-m immediate`) and starts it again on the same port and data. */
  restart(): void;
};

/** Where PostgreSQL's binaries are, or undefined when it is not installed. */
function findBinDir(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return path.dirname(fs.realpathSync(onPath));
  const debian = "/usr/lib/postgresql";
  if (!fs.existsSync(debian)) return undefined;
  const versions = fs
    .readdirSync(debian)
    .filter((v) => fs.existsSync(path.join(debian, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(debian, versions[0], "bin") : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Starts a server (with extra `settings`, as `-c name=value`), or says why not when PostgreSQL is not installed. */
export async function startPostgresServer(
  options: { settings?: Record<string, string>; port?: number } = {},
): Promise<PostgresServer | { unavailable: string }> {
  const bin = findBinDir();
  if (!bin) return { unavailable: "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql)" };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-"));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args];
    execFileSync(file, argv, { stdio: "pipe" });
  };
  if (asRoot) execFileSync("chown", ["postgres", root]);
  const data = path.join(root, "data");
  const settings = Object.entries(options.settings ?? {})
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join("");
  const port = options.port ?? (await freePort());
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-o",
      `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off${settings}`,
      "-l",
      path.join(root, "log"),
      "-w",
      "start",
    ]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      start();
    },
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
