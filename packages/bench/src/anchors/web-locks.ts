/** Whether this Node has Web Locks across workers (`worker_threads.locks`, Node ≥ 24). */
export async function hasWebLocks(): Promise<boolean> {
  const threads = (await import('node:worker_threads')) as { locks?: unknown };
  return typeof threads.locks === 'object' && threads.locks !== null;
}
