/**
 * `npm run bench` entry. Handlers' logger reads LOG_LEVEL when first imported,
 * so it is set before anything else loads: a benchmark must not time (or print)
 * one JSON log line per request. The SDK's Node-version notice is silenced here
 * too: the bench builds its own clients before the local environment is applied,
 * and `bench:compare` would print it once per run.
 */
process.env.LOG_LEVEL = 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
await import('./main.js');
