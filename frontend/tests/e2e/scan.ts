// Checks a screen as a person sees it: Polish left in the English or
// Ukrainian interface, and labels that do not fit their box.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's serious and critical findings on the page, as "rule: targets". */
export async function axeSerious(p: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const res = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls Chromium's accessibility tree gives no name (a screen reader would say only "button"). */
export async function unnamedControls(p: Page): Promise<string[]> {
  const tree = await p.locator('body').ariaSnapshot();
  return tree
    .split('\n')
    .filter((l) => /^\s*- (button|link|textbox|combobox|checkbox|radio|spinbutton|searchbox|slider|switch|tab|menuitem|option)( \[[^\]]*\])?:?\s*$/.test(l))
    .map((l) => l.trim());
}

/**
 * Words that are Polish and neither English nor Ukrainian; with the
 * letters only Polish writes (ą ć ę ł ń ó ś ź ż), they find a Polish
 * sentence, status, date ("r.") or fee ("zł") left on an English or
 * Ukrainian screen.
 */
export const polishWords = [
  'nie', 'lub', 'oraz', 'jest', 'sprawa', 'sprawy', 'sprawie', 'termin', 'terminu', 'wniosek', 'wniosku', 'brak', 'braki',
  'dni', 'dnia', 'tygodnie', 'tygodni', 'miesiąc', 'miesiące', 'godz', 'zawsze', 'pobierane', 'pobierana', 'opłata', 'opłaty',
  'bez', 'niezwłocznie', 'zarejestrowana', 'załatwiona', 'oczekuje', 'zmiany', 'czekające', 'wysłanie', 'szukaj', 'zapisz',
  'dalej', 'wstecz', 'porzuć', 'anuluj', 'zamknij', 'drukuj', 'wydruk', 'pole', 'wymagane', 'podaj', 'wpisz', 'numer',
  'urodzenia', 'dokument', 'dokumenty', 'dowód', 'ważny', 'klient', 'klienta', 'usługa', 'usługi', 'karta', 'karty', 'wszystkie',
  'otwarte', 'zaległe', 'wkrótce', 'przygotowaniu', 'pracownik', 'pracownicy', 'urząd', 'ustawienia', 'język', 'hasło',
  'wyloguj', 'zablokuj', 'tak', 'albo', 'się', 'jako', 'przez', 'przy', 'dla', 'od', 'zł', 'r',
];

/** Text a clerk sees that is Polish although the interface is not. */
export interface Leak {
  text: string;
  where: string;
}

/**
 * Lists the visible text of the page (and of placeholders, titles and
 * accessible names) that is Polish. Text marked as not the interface's
 * own is skipped: lang="pl" (the office's catalogue, written in Polish)
 * and translate="no" (names, signs, addresses: data as typed).
 */
export async function polishLeaks(page: Page): Promise<Leak[]> {
  return page.evaluate((words) => {
    const letters = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;
    const word = new RegExp(`(^|[^\\p{L}])(${words.join('|')})(?=$|[^\\p{L}])`, 'iu');
    const skip = (el: Element | null) => !!el?.closest('[lang]:not(html), [translate="no"]');
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const where = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 3; e = e.parentElement) {
        const id = e.getAttribute('data-testid') ?? e.id;
        parts.unshift(e.tagName.toLowerCase() + (id ? `[${id}]` : e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''));
      }
      return parts.join(' > ');
    };
    const out: { text: string; where: string }[] = [];
    // A Polish term given beside its translation, "(znak sprawy)", and a
    // quoted label of the office's catalogue, «Sprawę załatwia pełnomocnik»,
    // are meant: the clerk meets them in Polish on paper.
    const glosses = /\([^()]*\)|«[^»]*»|„[^”]*”|“[^”]*”|"[^"]*"/g;
    const check = (text: string, el: Element) => {
      const s = text.replace(glosses, ' ').replace(/\s+/g, ' ').trim();
      if (s && (letters.test(s) || word.test(s))) out.push({ text: s, where: where(el) });
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !visible(el) || el.closest('script, style')) continue;
      check(n.textContent ?? '', el);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (skip(el) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) check(v, el);
      }
    }
    for (const el of document.querySelectorAll('option')) {
      if (!skip(el) && el.parentElement && visible(el.parentElement)) check(el.textContent ?? '', el);
    }
    return out;
  }, polishWords);
}

/** A label wider than its box, or a part of it outside the box. */
export interface Overflow {
  text: string;
  what: string;
}

/**
 * Lists nav items, buttons, badges and keyboard hints whose content is
 * wider than their box (clipped or spilling), and parts (labels, badges,
 * shortcuts) that stick out of their button.
 */
export async function overflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: { text: string; what: string }[] = [];
    const boxes = document.querySelectorAll<HTMLElement>('.nav-item, button, .badge, kbd, .segmented, th');
    for (const el of boxes) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push({ text, what: `${el.tagName.toLowerCase()}.${el.className} scrollWidth ${el.scrollWidth} > ${el.clientWidth}` });
        continue;
      }
      for (const child of el.children) {
        const c = child.getBoundingClientRect();
        if (c.width === 0) continue;
        if (c.left < r.left - 1 || c.right > r.right + 1 || c.top < r.top - 1 || c.bottom > r.bottom + 1) {
          out.push({ text, what: `${child.tagName.toLowerCase()} "${(child.textContent ?? '').trim()}" outside its ${el.tagName.toLowerCase()}.${el.className}` });
        }
      }
    }
    // The sidebar itself must not scroll sideways: a label pushed out of
    // it is out of view.
    const side = document.querySelector<HTMLElement>('.sidebar');
    if (side && side.scrollWidth > side.clientWidth + 1) out.push({ text: '', what: `.sidebar scrollWidth ${side.scrollWidth} > ${side.clientWidth}` });
    return out;
  });
}
