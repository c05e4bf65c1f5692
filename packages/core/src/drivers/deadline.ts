/**
 * Runs `use` with a signal that aborts when `parent` does or after `ms` (with a `TimeoutError`, as
 * `AbortSignal.timeout` would). The timer is held here and cleared when `use` settles: Node 20's
 * `AbortSignal.any` holds its sources weakly, so a bare `AbortSignal.timeout` inside it can be
 * garbage-collected before it fires, and a request to a device that never answers then hangs forever.
 */
export const withDeadline = async <T>(parent: AbortSignal, ms: number, use: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController()
  const onAbort = () => controller.abort(parent.reason)
  if (parent.aborted) onAbort()
  else parent.addEventListener("abort", onAbort, { once: true })
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")), ms)
  try {
    return await use(controller.signal)
  } finally {
    clearTimeout(timer)
    parent.removeEventListener("abort", onAbort)
  }
}
