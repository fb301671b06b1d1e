import { writable } from 'svelte/store';

export type Area = 'today' | 'cases' | 'new' | 'catalog' | 'queue' | 'callbacks' | 'sync' | 'office' | 'settings' | 'visits' | 'complaints' | 'letters' | 'survey' | 'report';

export interface AreaDef {
  id: Area;
  labelKey: string;
  adminOnly?: boolean;
  headOrAdmin?: boolean; // shown to heads of unit and the admin only
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
  // Last, so Alt+1…9 of the areas before it do not move.
  { id: 'visits', labelKey: 'nav.visits' },
  { id: 'complaints', labelKey: 'nav.complaints' },
  { id: 'letters', labelKey: 'nav.letters' },
  { id: 'survey', labelKey: 'nav.survey' },
  // Last, so Alt+N of the others stays the same when it is hidden from clerks.
  { id: 'report', labelKey: 'report.nav', headOrAdmin: true },
];

/** The start page after sign-in. */
export const startArea: Area = 'today';

export const area = writable<Area>(startArea);
