// Whether a process id names a running process, for the code that must tell a
// live owner of the embedded PostgreSQL from one a crash or a reboot left behind.

/** True when `pid` runs, including a process of another user (signalling it is refused, but it exists). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
