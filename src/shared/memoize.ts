/**
 * Runs `factory` once and shares its promise; a failed attempt is forgotten so the next call can try
 * again (a cold start during a storage blip should not poison the process).
 */
export function memoizeAsync<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
