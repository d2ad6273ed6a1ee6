/**
 * Builds the admin console into console/dist (`npm run console:build`). In AWS,
 * CloudFront serves it and routes /api and /auth to API Gateway; locally the
 * console server of `npm start` does the same. For `vite` and `vite preview`
 * this file proxies /api and /auth to a gateway (CONSOLE_API_TARGET, default the
 * local stack's port) and answers /config.json with the same-origin default,
 * since config.json is written by whichever server hosts the console.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';

const apiTarget = process.env.CONSOLE_API_TARGET ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget }, '/auth': { target: apiTarget } };

/** Serves `{"apiUrl": ""}` at /config.json for the dev and preview servers (nothing is written to disk). */
function defaultRuntimeConfig(): Plugin {
  const body = JSON.stringify({
    apiUrl: '',
    ...(process.env.CONSOLE_DEFAULT_TENANT ? { defaultTenantId: process.env.CONSOLE_DEFAULT_TENANT } : {}),
  });
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    if (req.url?.split('?')[0] !== '/config.json') return next();
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
  return {
    name: 'console-default-config',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), defaultRuntimeConfig()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
});
