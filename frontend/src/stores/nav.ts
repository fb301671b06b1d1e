import { writable } from 'svelte/store';

export type Area = 'cases' | 'new' | 'catalog' | 'queue' | 'callbacks' | 'sync' | 'office' | 'settings';

export interface AreaDef {
  id: Area;
  labelKey: string;
  ready: boolean; // false: shown as coming, clearly marked
  adminOnly?: boolean;
}

/** The navigation, in Alt+N order. */
export const areas: AreaDef[] = [
  { id: 'cases', labelKey: 'nav.cases', ready: true },
  { id: 'new', labelKey: 'nav.newCase', ready: true },
  { id: 'catalog', labelKey: 'nav.catalog', ready: true },
  { id: 'queue', labelKey: 'nav.queue', ready: true },
  { id: 'callbacks', labelKey: 'nav.callbacks', ready: true },
  { id: 'sync', labelKey: 'nav.sync', ready: true },
  { id: 'office', labelKey: 'nav.office', ready: true },
  { id: 'settings', labelKey: 'nav.settings', ready: true },
];

export const area = writable<Area>('catalog');
