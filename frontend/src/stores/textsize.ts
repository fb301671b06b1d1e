// Larger text (WCAG 1.4.4): this computer's choice of 100, 125 or 150 %,
// remembered like the language and applied to the root font size, which
// every size in the app's styles is relative to (rem, em).
import { writable } from 'svelte/store';

const KEY = 'okienko.textSize';
/** The sizes offered in Ustawienia, in per cent. */
export const textSizes = [100, 125, 150] as const;
export type TextSize = (typeof textSizes)[number];
const BASE_PX = 15;

function saved(): TextSize {
  const n = Number(localStorage.getItem(KEY));
  return (textSizes as readonly number[]).includes(n) ? (n as TextSize) : 100;
}

export const textSize = writable<TextSize>(100);

/** Applies the saved size now and every later choice; returns the unsubscribe. */
export function followTextSize(): () => void {
  textSize.set(saved());
  return textSize.subscribe((p) => {
    localStorage.setItem(KEY, String(p));
    document.documentElement.style.fontSize = `${(BASE_PX * p) / 100}px`;
    document.documentElement.dataset.textSize = String(p);
  });
}
