type T = (key: string, args?: Record<string, string | number>) => string;

/** How long since a sync, in the person's words. */
export function since(t: T, hours: number): string {
  if (hours < 0) return t('console.time.never');
  if (hours < 1) return t('console.time.withinHour');
  if (hours < 48) return t('console.time.hours', { count: hours });
  return t('console.time.days', { count: Math.floor(hours / 24) });
}

/** A registry time (RFC 3339) as the office reads it. */
export function when(iso: string, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'uk' ? 'uk-UA' : lang === 'en' ? 'en-GB' : 'pl-PL', { dateStyle: 'short', timeStyle: 'short' });
}

/** Hours since an RFC 3339 time, -1 for none. */
export function hoursSince(iso: string): number {
  return iso ? Math.floor((Date.now() - Date.parse(iso)) / 3_600_000) : -1;
}
