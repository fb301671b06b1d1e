// The console in English and Ukrainian, as a reviewer reads it: the admin
// switches the language and opens every page of the navigation (and the
// tabs of Rejestry i raporty); each page is photographed
// (build/out/e2e/console-LANG-PAGE.png) and has no Polish of its own left.
// The office's data (its name, units, people, cards) is marked lang="pl"
// or translate="no" and is not the interface's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch } from './harness';
import { startRegistry, type Registry } from './registry';
import { consoleAs } from './consolekit';
import { polishLeaks, type Leak } from './scan';

let registry: Registry;
let browser: Browser;

beforeAll(async () => {
  registry = await startRegistry();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await registry?.stop();
});

async function walk(p: Page, lang: string): Promise<string[]> {
  const found: string[] = [];
  const scan = async (page: string) => {
    await p.waitForTimeout(400); // the page's answers land
    await p.screenshot({ path: artifact(`console-${lang}-${page}.png`), fullPage: true });
    const leaks: Leak[] = await polishLeaks(p);
    found.push(...leaks.map((l) => `${page}: Polish "${l.text}" at ${l.where}`));
  };
  const links = p.locator('nav a');
  const n = await links.count();
  for (let i = 0; i < n; i++) {
    const href = (await links.nth(i).getAttribute('href')) ?? String(i);
    await links.nth(i).click();
    await p.locator('main h1, main h2').first().waitFor();
    const page = href.replace('#/', '') || 'dashboard';
    await scan(page);
    if (page === 'rejestry') {
      const tabs = p.locator('[data-testid^="register-tab-"]');
      for (let j = 0; j < (await tabs.count()); j++) {
        const id = (await tabs.nth(j).getAttribute('data-testid')) ?? String(j);
        await tabs.nth(j).click();
        await scan(`${page}-${id.replace('register-tab-', '')}`);
      }
    }
  }
  return found;
}

describe('Konsola in English and Ukrainian', () => {
  test.each(['en', 'uk'])('every page in %s: no Polish of its own', async (lang) => {
    const p = await consoleAs(browser, registry.url, 'twisniewski');
    await p.locator('header select').selectOption(lang);
    await expect.poll(() => p.evaluate(() => document.documentElement.lang)).toBe(lang);
    const found = await walk(p, lang);
    writeFileSync(artifact(`console-language-${lang}.txt`), found.join('\n') + '\n');
    await p.context().close();
    expect(found.join('\n')).toBe('');
  }, 300_000);
});
