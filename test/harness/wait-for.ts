/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutInMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutInMs = 30_000, intervalInMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutInMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalInMs));
  }
}
