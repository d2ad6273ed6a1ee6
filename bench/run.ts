/**
 * `npm run bench` entry. Handlers' logger reads LOG_LEVEL when first imported,
 * so it is set before anything else loads: a benchmark must not time (or print)
 * one JSON log line per request.
 */
process.env.LOG_LEVEL = 'SILENT';
await import('./main.js');
