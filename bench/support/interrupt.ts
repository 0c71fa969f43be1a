/**
 * What a bench must undo even when it is interrupted (Ctrl-C, `timeout`, SIGTERM): `finally`
 * blocks do not run when a signal ends the process, so processes started and broker objects
 * declared would be left behind. On the first SIGINT or SIGTERM every registered cleanup runs,
 * then the bench exits with 130.
 */
const cleanups = new Set<() => Promise<void>>();

function interrupted(signal: NodeJS.Signals): void {
  process.stderr.write(`\n${signal}: cleaning up before exiting\n`);
  void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).then(() => process.exit(130));
}

/** Registers `cleanup` until the returned function is called (by the bench's own `finally`). */
export function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  if (cleanups.size === 0) {
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
