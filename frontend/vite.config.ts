import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The locale files live with the Go i18n package so backend and frontend
// share one set of strings.
const locales = fileURLToPath(new URL('../app/i18n/locales', import.meta.url));

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    alias: { $locales: locales },
  },
  server: {
    fs: { allow: ['.', locales] },
  },
  build: {
    outDir: 'dist',
    // dist/.gitkeep is committed so a fresh clone compiles (main.go embeds
    // dist); the build script clears the old assets itself.
    emptyOutDir: false,
    chunkSizeWarningLimit: 1024,
  },
});
