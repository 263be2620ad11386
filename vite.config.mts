import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src-renderer',
  // Relative asset URLs: the same build loads from file:// in Electron and from `tapedeck serve`.
  base: './',
  plugins: [react()],
  // hls.js alone is ~500 kB; the app loads from disk or loopback, so one chunk is fine.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});
