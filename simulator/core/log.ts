// Minimal logger writing to stdout. Callers never pass tokens, secrets or Authorization headers.
export type Logger = {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
};

export function createLogger(level: "silent" | "info" | "debug"): Logger {
  const write = (message: string): void => {
    process.stdout.write(`[simulator] ${message}\n`);
  };
  return {
    info: (message) => {
      if (level !== "silent") write(message);
    },
    debug: (message) => {
      if (level === "debug") write(message);
    },
    warn: (message) => {
      if (level !== "silent") process.stderr.write(`[simulator] warning: ${message}\n`);
    },
  };
}
