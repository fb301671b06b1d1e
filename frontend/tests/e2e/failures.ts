// When a test fails, what a person would have seen goes beside the error
// in the log: what each open page shows as an error or alert, and where it
// is, with its screenshot among the artifacts, and the last lines each app
// logged. A failure on a loaded CI machine, where only the log is kept, is
// then read instead of guessed at (the apps log no personal data).
import { beforeEach } from 'vitest';
import { artifact, running } from './harness';

beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    const name = ctx.task.name;
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    let i = 0;
    for (const page of running.pages) {
      i++;
      try {
        // Bounded: a page that no longer answers must not hold the run.
        const shown = await Promise.race([
          page.locator('[data-testid=error], [role=alert]').allTextContents(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000)),
        ]);
        console.error(`failed "${name}": page ${i} at ${new URL(page.url()).hash || '#/'} shows ${JSON.stringify(shown)}`);
        await page.screenshot({ path: artifact(`failed-${slug}-${i}.png`), fullPage: true, timeout: 5000 });
      } catch (e) {
        console.error(`failed "${name}": page ${i} not read: ${(e as Error).message}`);
      }
    }
    for (const app of running.apps) {
      const tail = app.log().trim().split('\n').slice(-15).join('\n');
      console.error(`failed "${name}": the last lines the app at ${app.url} logged:\n${tail || '(none)'}`);
    }
  });
});
