// English and Ukrainian are loaded when chosen, not with the first screen
// (issue 16: cold start), and $t renders in them once they arrive.
import { describe, expect, test, vi } from 'vitest';
import { locale, messages, t } from '../../src/lib/i18n';

describe('locales', () => {
  test('only Polish at first; English once chosen, and $t follows it', async () => {
    expect(Object.keys(messages)).toEqual(['pl']);
    // As a component does: subscribed, rendered again on each change.
    let shown = '';
    const stop = t.subscribe((tr) => (shown = tr('common.or')));
    expect(shown).toBe('lub');
    locale.set('en');
    await vi.waitFor(() => expect(shown).toBe('or'), { timeout: 15_000 });
    stop();
    expect(messages.uk).toBeUndefined();
  });
});
