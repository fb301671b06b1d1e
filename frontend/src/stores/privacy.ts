// Every store that holds data read from the backend registers its reset
// here. Locking or signing out clears them all at once, so nothing of a
// client or a case stays in memory or in the DOM behind the lock screen.

const resets: Array<() => void> = [];

/** Registers a store's reset; returns the function that unregisters it. */
export function registerReset(fn: () => void): () => void {
  resets.push(fn);
  return () => {
    const i = resets.indexOf(fn);
    if (i >= 0) resets.splice(i, 1);
  };
}

/** Clears every registered store. */
export function clearAll(): void {
  for (const fn of resets) fn();
}
