/**
 * The rules a registration must pass, as 400s that name the field: the URL
 * (./endpoint-url.ts) under this deployment's policy, and event types from the
 * one registry (or `*` alone for all of them).
 */
import { env } from '../config/env.js';
import { EVENT_TYPE_NAMES, isEventType } from '../events/event-types.js';
import { BadRequestError } from '../errors/app-error.js';
import { urlProblem } from './endpoint-url.js';
import { ALL_EVENT_TYPES } from './webhook-endpoint.js';

/** The deployment's URL policy: loopback only where `WEBHOOK_ALLOW_LOOPBACK` says so (the local stack). */
export const urlPolicy = () => ({ allowLoopback: env().WEBHOOK_ALLOW_LOOPBACK === 'true' });

export function checkEndpointUrl(url: string): void {
  const problem = urlProblem(url, urlPolicy());
  if (problem) throw new BadRequestError('webhook.invalid_url', `url ${problem}`, { details: [{ field: 'url', message: problem }] });
}

/** The event types, deduplicated and sorted; `*` must stand alone. */
export function checkEventTypes(types: readonly string[]): string[] {
  const unique = [...new Set(types)].sort();
  if (unique.length === 0) throw invalidTypes('eventTypes must name at least one event type, or be ["*"] for all');
  if (unique.includes(ALL_EVENT_TYPES)) {
    if (unique.length > 1) throw invalidTypes('"*" subscribes to every event type and must stand alone');
    return unique;
  }
  const unknown = unique.filter((t) => !isEventType(t) || !WEBHOOK_EVENT_TYPES.includes(t));
  if (unknown.length > 0) {
    throw new BadRequestError('webhook.unknown_event_type', `Unknown event type ${unknown.join(', ')}`, {
      details: unknown.map((t) => ({ field: 'eventTypes', subject: t, message: 'not an event type of this service' })),
    });
  }
  return unique;
}

const invalidTypes = (message: string) => new BadRequestError('webhook.invalid_event_types', message, { details: [{ field: 'eventTypes', message }] });

/**
 * The types an endpoint may subscribe to: every event type but the webhook
 * endpoints' own changes, which a tenant's receivers need not be told about by
 * the very endpoints they describe.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = EVENT_TYPE_NAMES.filter((t) => !t.startsWith('webhook_endpoint.'));
