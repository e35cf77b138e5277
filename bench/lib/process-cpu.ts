/**
 * CPU time per process, from Linux's /proc (elsewhere nothing is measured): where a benchmark's requests
 * spend their cost, portal, simulator and database apart.
 */
import fs from "node:fs";

// CPU time per process (Linux /proc; elsewhere the column stays empty): where a delivery's cost goes.
export type Roles = { portal: number[]; simulator: number[]; database: number[]; postmaster?: number };
const TICK = 100; // USER_HZ on Linux
/** `cpu`: the process's own CPU seconds; `reaped`: its exited children's (PostgreSQL's finished backends). */
function procs(): { pid: number; ppid: number; cmd: string; cpu: number; reaped: number }[] {
  if (!fs.existsSync("/proc/self/stat")) return [];
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").replaceAll("\0", " ");
        return [
          {
            pid: Number(d),
            ppid: Number(f[1]),
            cmd,
            cpu: (Number(f[11]) + Number(f[12])) / TICK,
            reaped: (Number(f[13]) + Number(f[14])) / TICK,
          },
        ];
      } catch {
        return [];
      }
    });
}
/** The portal (Next.js), the simulator and the database among the launcher's descendants (and the PostgreSQL server on `dbPort`). */
export function roles(launcher: number, dbPort: string | undefined): Roles {
  const all = procs();
  const tree = new Set([launcher]);
  for (let size = 0; size !== tree.size;) {
    size = tree.size;
    for (const p of all) if (tree.has(p.ppid)) tree.add(p.pid);
  }
  const postmaster = dbPort ? all.find((p) => / -D /.test(p.cmd) && p.cmd.includes(`-p ${dbPort}`))?.pid : undefined;
  const inTree = all.filter((p) => tree.has(p.pid));
  return {
    portal: inTree.filter((p) => p.cmd.startsWith("next-server") || p.cmd.includes("next start")).map((p) => p.pid),
    simulator: inTree.filter((p) => p.cmd.includes("simulator/main.ts")).map((p) => p.pid),
    // PGlite runs inside the launcher (scripts/start.ts); a PostgreSQL server is its postmaster and backends.
    database: postmaster ? [postmaster] : inTree.filter((p) => p.cmd.includes("scripts/start.ts")).map((p) => p.pid),
    postmaster,
  };
}
/** CPU seconds of the processes; with a postmaster, also every backend it started, live or finished. */
export const cpuOf = (pids: number[], postmaster?: number) =>
  procs()
    .filter((p) => pids.includes(p.pid) || (postmaster !== undefined && p.ppid === postmaster))
    .reduce((sum, p) => sum + p.cpu + (p.pid === postmaster ? p.reaped : 0), 0);
