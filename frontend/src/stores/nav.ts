import { writable } from 'svelte/store';

export type Area = 'today' | 'cases' | 'new' | 'catalog' | 'queue' | 'callbacks' | 'letters' | 'survey' | 'sync' | 'office' | 'settings';

export interface AreaDef {
  id: Area;
  labelKey: string;
  adminOnly?: boolean;
}

/** The navigation, in Alt+N order; "Dziś" first, the start page. */
export const areas: AreaDef[] = [
  { id: 'today', labelKey: 'nav.today' },
  { id: 'cases', labelKey: 'nav.cases' },
  { id: 'new', labelKey: 'nav.newCase' },
  { id: 'catalog', labelKey: 'nav.catalog' },
  { id: 'queue', labelKey: 'nav.queue' },
  { id: 'callbacks', labelKey: 'nav.callbacks' },
  { id: 'sync', labelKey: 'nav.sync' },
  { id: 'office', labelKey: 'nav.office' },
  { id: 'settings', labelKey: 'nav.settings' },
  // Issue 14's registers come last, so the Alt+N of the areas before them stay.
  { id: 'letters', labelKey: 'nav.letters' },
  { id: 'survey', labelKey: 'nav.survey' },
];

/** The start page after sign-in. */
export const startArea: Area = 'today';

export const area = writable<Area>(startArea);
