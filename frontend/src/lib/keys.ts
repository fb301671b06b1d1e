// Keyboard shortcuts: every action in Okienko is reachable without a mouse.
// The table is data so the help overlay and the tests read the same list.

export type Action =
  | 'lock'
  | 'search'
  | 'print'
  | 'escape'
  | 'help'
  | 'callNext'
  | `nav:${number}`;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** true when focus is in a text field, where plain keys type text */
  inField: boolean;
}

export interface Shortcut {
  keys: string; // as shown to the user
  action: Action;
  labelKey: string;
}

export const shortcuts: Shortcut[] = [
  { keys: 'Ctrl+L', action: 'lock', labelKey: 'keys.lock' },
  { keys: 'Ctrl+K  /', action: 'search', labelKey: 'keys.search' },
  { keys: 'Ctrl+P', action: 'print', labelKey: 'keys.print' },
  { keys: 'Esc', action: 'escape', labelKey: 'keys.escape' },
  { keys: 'F1', action: 'help', labelKey: 'keys.help' },
  { keys: 'F2', action: 'callNext', labelKey: 'keys.callNext' },
  { keys: 'Alt+1 … Alt+9', action: 'nav:1', labelKey: 'keys.nav' },
];

/** Maps a key event to an action, or null. */
export function match(e: KeyLike): Action | null {
  const ctrl = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (ctrl && !e.altKey && k === 'l') return 'lock';
  if (ctrl && !e.altKey && k === 'k') return 'search';
  if (ctrl && !e.altKey && k === 'p') return 'print';
  if (k === 'Escape') return 'escape';
  if (k === 'F1') return 'help';
  if (k === 'F2' && !ctrl && !e.altKey) return 'callNext';
  if (!e.inField && !ctrl && !e.altKey && k === '/') return 'search';
  if (e.altKey && !ctrl && /^[1-9]$/.test(k)) return `nav:${Number(k)}`;
  return null;
}
