export class SendTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer from the surface within ${ms} ms`);
    this.name = 'SendTimeoutError';
  }
}

/** Rejects with SendTimeoutError when `promise` has not settled within `ms`; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
