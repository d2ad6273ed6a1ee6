/**
 * The vitest project that drives the console in a browser against `npm start`'s
 * stack: `npm test` runs it in a vitest process of its own, beside the others
 * (scripts/test.ts), because it mostly waits on the browser and would hold one of
 * their two workers idle.
 */
export const E2E_PROJECT = 'e2e';
