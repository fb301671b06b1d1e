import { writable } from 'svelte/store';

export type Area = 'today' | 'cases' | 'new' | 'catalog' | 'queue' | 'callbacks' | 'sync' | 'office' | 'settings';

export interface AreaDef {
  id: Area;
  labelKey: string;
  ready: boolean; // false: shown as coming, clearly marked
  adminOnly?: boolean;
}

/** The navigation, in Alt+N order; "Dziś" first, the start page. */
export const areas: AreaDef[] = [
  { id: 'today', labelKey: 'nav.today', ready: true },
  { id: 'cases', labelKey: 'nav.cases', ready: true },
  { id: 'new', labelKey: 'nav.newCase', ready: true },
  { id: 'catalog', labelKey: 'nav.catalog', ready: true },
  { id: 'queue', labelKey: 'nav.queue', ready: false },
  { id: 'callbacks', labelKey: 'nav.callbacks', ready: false },
  { id: 'sync', labelKey: 'nav.sync', ready: true },
  { id: 'office', labelKey: 'nav.office', ready: true },
  { id: 'settings', labelKey: 'nav.settings', ready: true },
];

/** The start page after sign-in. */
export const startArea: Area = 'today';

export const area = writable<Area>(startArea);
