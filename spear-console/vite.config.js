import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The console is served by SMS under /console/, so every asset path is relative.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  build: {
    outDir: process.env.SPEAR_CONSOLE_OUT
      ?? fileURLToPath(new URL('./target/classes/spear-console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  logLevel: 'warn',
});
