// Keyboard commands travel from the global key handler to whichever view is
// on screen; a view subscribes while mounted and keeps the unsubscribe.
import type { Action } from '../lib/keys';

type Handler = (a: Action) => boolean; // true: handled

const handlers: Handler[] = [];

/** Adds a handler (the newest is asked first); returns its remover. */
export function onCommand(h: Handler): () => void {
  handlers.unshift(h);
  return () => {
    const i = handlers.indexOf(h);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Offers an action to the handlers; reports whether one took it. */
export function dispatch(a: Action): boolean {
  for (const h of [...handlers]) if (h(a)) return true;
  return false;
}
