import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// Konsola urzędu (issue 15): a second Vite project of the same toolchain,
// its source in frontend/console, built into the Go package that embeds
// it (sync/registry/console/dist: go:embed reaches no parent directory),
// served by `registry serve` at /console/.
const locales = fileURLToPath(new URL('../app/i18n/locales', import.meta.url));
const out = fileURLToPath(new URL('../sync/registry/console/dist', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./console', import.meta.url)),
  base: '/console/',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  resolve: { alias: { $locales: locales } },
  build: {
    outDir: out,
    // dist/.placeholder is committed so a fresh clone compiles; the
    // build script clears the old assets itself.
    emptyOutDir: false,
    chunkSizeWarningLimit: 1024,
    // No inline scripts or styles: the console runs under a CSP of 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
