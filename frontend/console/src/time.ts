type T = (key: string, args?: Record<string, string | number>) => string;

/** How long since a sync, in the person's words. */
export function since(t: T, hours: number): string {
  if (hours < 0) return t('console.time.never');
  if (hours < 1) return t('console.time.withinHour');
  if (hours < 48) return t('console.time.hours', { count: hours });
  return t('console.time.days', { count: Math.floor(hours / 24) });
}

// The office's dates as the desktop writes them (app/i18n Date, DateTime):
// 04.12.2026 in Polish and Ukrainian, 4 December 2026 in English; times in
// the office's zone, whatever the browser's.
const zone = 'Europe/Warsaw';
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dayOf(y: number, m: number, d: number, lang: string): string {
  if (lang === 'en') return `${d} ${months[m - 1]} ${y}`;
  return `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
}

/** A calendar date (YYYY-MM-DD, as the registry sends it) as the office reads it; anything else as it came. */
export function day(ymd: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? '');
  if (!m) return ymd || '—';
  return dayOf(+m[1], +m[2], +m[3], lang);
}

/** A registry time (RFC 3339) as the office reads it: its date and the time of day. */
export function when(iso: string, lang: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${dayOf(+parts.year, +parts.month, +parts.day, lang)}, ${parts.hour}:${parts.minute}`;
}

/** Hours since an RFC 3339 time, -1 for none. */
export function hoursSince(iso: string): number {
  return iso ? Math.floor((Date.now() - Date.parse(iso)) / 3_600_000) : -1;
}
