/**
 * Runs in a fresh Node process per measurement, as the Lambda runtime would:
 * imports one bundle (its init) and invokes its handler once with the event in
 * the given file (its first request), then prints the two durations, the status
 * and how many requests reached DynamoDB as JSON.
 * Built by esbuild into plain JS, so no TypeScript loader sits in the figure.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
if (!bundle || !eventFile) throw new Error('usage: probe <bundle.mjs> <event.json>');
// `-`: load only (a trigger or stream bundle, whose events are not ours to invent).
const event: unknown = eventFile === '-' ? undefined : JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
};

// Counts the HTTP requests the bundle's SDK sends to DynamoDB: the bench checks that
// the first request reached storage. A channel subscriber costs nothing measurable.
const dynamoHost = process.env.AWS_ENDPOINT_URL_DYNAMODB ? new URL(process.env.AWS_ENDPOINT_URL_DYNAMODB).host : undefined;
let dynamoCalls = 0;
subscribe('http.client.request.start', (message) => {
  const request = (message as { request: ClientRequest }).request;
  if (dynamoHost !== undefined && request.getHeader('host') === dynamoHost) dynamoCalls++;
});

const started = performance.now();
const cpuStarted = process.cpuUsage();
const module = (await import(pathToFileURL(bundle).href)) as { handler: (e: unknown, c: unknown) => Promise<{ statusCode?: number; body?: string }> };
const loaded = performance.now();
const loadCpu = process.cpuUsage(cpuStarted);
const result = event === undefined ? undefined : await module.handler(event, context);
const answered = performance.now();
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ loadMs: loaded - started, firstRequestMs: answered - loaded, cpuMs: cpuMs(cpu), loadCpuMs: cpuMs(loadCpu), status: result?.statusCode ?? 200, dynamoCalls, body: result?.body?.slice(0, 300) })}\n`,
);
// Lambda freezes the process here; open sockets must not keep the measurement waiting.
process.exit(0);
