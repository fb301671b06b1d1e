// An independent implementation of the art. 57 KPA day count, for checking
// dates the app prints: Polish public holidays (Easter by the Meeus/Jones/
// Butcher formula) and the move of a term ending on a Saturday or a day off.

function easter(y: number): Date {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(y, month - 1, day));
}

const key = (d: Date) => d.toISOString().slice(0, 10);

function holidays(y: number): Set<string> {
  const fixed = ['01-01', '01-06', '05-01', '05-03', '08-15', '11-01', '11-11', '12-25', '12-26'];
  if (y >= 2025) fixed.push('12-24');
  const s = new Set(fixed.map((md) => `${y}-${md}`));
  const e = easter(y);
  for (const off of [0, 1, 49, 60]) s.add(key(new Date(e.getTime() + off * 86400000)));
  return s;
}

/** The end of a term of n days from `from` (YYYY-MM-DD), art. 57 § 1 and § 4. */
export function addDaysKPA(from: string, n: number): string {
  let d = new Date(`${from}T00:00:00Z`);
  d = new Date(d.getTime() + n * 86400000);
  while (d.getUTCDay() === 6 || d.getUTCDay() === 0 || holidays(d.getUTCFullYear()).has(key(d))) {
    d = new Date(d.getTime() + 86400000);
  }
  return key(d);
}

/** 2026-11-30 → 30.11.2026 r. (with a non-breaking space, as printed). */
export function plDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}\u00a0r.`;
}

/** The office's date today (Europe/Warsaw), never this machine's zone: CI runs on UTC. */
export function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The office's year (Europe/Warsaw). */
export function officeYear(): number {
  return Number(today().slice(0, 4));
}
