// Every bound method is called through `call`, which turns the backend's
// {key, args, message} rejection into a typed AppError.

/** An error the UI shows: an i18n key with its arguments. */
export class AppError extends Error {
  constructor(
    public readonly key: string,
    public readonly args: Record<string, string> = {},
    message = key,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Normalises whatever a rejected Wails call gives into an AppError. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  // The Wails bridge rejects with Error(message), where message is the JSON
  // that app.Core.FormatError produced.
  let v: unknown = e instanceof Error ? e.message : e;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return new AppError('error.internal', {}, v as string);
    }
  }
  if (isRecord(v) && typeof v.key === 'string') {
    const args: Record<string, string> = {};
    if (isRecord(v.args)) {
      for (const [k, val] of Object.entries(v.args)) args[k] = String(val);
    }
    return new AppError(v.key, args, typeof v.message === 'string' ? v.message : v.key);
  }
  return new AppError('error.internal', {}, e instanceof Error ? e.message : String(e));
}

/** Calls a bound method, rejecting only with AppError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e);
  }
}
