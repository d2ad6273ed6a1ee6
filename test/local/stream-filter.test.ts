/**
 * Unit: the local stream poller's filter matching agrees with Lambda event
 * filtering for the patterns the consumers declare, and every consumer of the
 * table declares one.
 */
import { describe, expect, it } from 'vitest';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { matchesFilter, type FilterPattern } from '../../shared/streams/stream-filter.js';

const record = (eventName: string, pk: string, newImage?: Record<string, unknown>) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { PK: { S: pk }, SK: { S: 'X' } }, ...(newImage ? { NewImage: newImage } : {}) },
});

const consumer = (name: string) => streamConsumers.find((c) => c.name === name)!.filter;

describe('matchesFilter', () => {
  const pattern: FilterPattern = { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { PK: { S: [{ prefix: 'A#' }, 'exact'] } } } };

  it('matches nested keys, with any value of a leaf array', () => {
    expect(matchesFilter(pattern, record('INSERT', 'A#1'))).toBe(true);
    expect(matchesFilter(pattern, record('MODIFY', 'exact'))).toBe(true);
  });

  it('refuses a record when any key of the pattern fails', () => {
    expect(matchesFilter(pattern, record('REMOVE', 'A#1'))).toBe(false);
    expect(matchesFilter(pattern, record('INSERT', 'B#1'))).toBe(false);
    expect(matchesFilter(pattern, record('INSERT', 'exactly'))).toBe(false);
    expect(matchesFilter(pattern, record('INSERT', 'a#1'))).toBe(false);
  });

  it('refuses a record that lacks a field of the pattern', () => {
    expect(matchesFilter({ dynamodb: { NewImage: { entity: { S: ['audit'] } } } }, record('INSERT', 'A#1'))).toBe(false);
    expect(matchesFilter({ dynamodb: { Keys: { PK: { N: ['1'] } } } }, record('INSERT', 'A#1'))).toBe(false);
  });

  it('compares exact values strictly, null and numbers included', () => {
    expect(matchesFilter({ n: [1] }, { n: 1 })).toBe(true);
    expect(matchesFilter({ n: [1] }, { n: '1' })).toBe(false);
    expect(matchesFilter({ n: [null] }, { n: null })).toBe(true);
    expect(matchesFilter({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
  });

  it('refuses an operator it does not implement instead of guessing', () => {
    expect(() => matchesFilter({ n: [{ 'anything-but': ['x'] } as never] }, { n: 'y' })).toThrow(/Unsupported filter operator/);
  });
});

describe('the consumers’ filters', () => {
  it('every consumer of the table declares one', () => {
    for (const c of streamConsumers) expect(c.filter, c.name).toBeDefined();
  });

  it('the mailer takes inserts of mail outbox items only', () => {
    expect(matchesFilter(consumer('stream.mailer'), record('INSERT', 'OUTBOX#m1'))).toBe(true);
    expect(matchesFilter(consumer('stream.mailer'), record('MODIFY', 'OUTBOX#m1'))).toBe(false);
    expect(matchesFilter(consumer('stream.mailer'), record('INSERT', 'IDSYNC#s1'))).toBe(false);
    expect(matchesFilter(consumer('stream.mailer'), record('INSERT', 'T#acme'))).toBe(false);
  });

  it('identity sync takes inserts of identity-sync items only', () => {
    expect(matchesFilter(consumer('stream.identitySync'), record('INSERT', 'IDSYNC#s1'))).toBe(true);
    expect(matchesFilter(consumer('stream.identitySync'), record('REMOVE', 'IDSYNC#s1'))).toBe(false);
    expect(matchesFilter(consumer('stream.identitySync'), record('INSERT', 'OUTBOX#m1'))).toBe(false);
  });

  it('webhooks take inserts of audit items only', () => {
    const audit = { entity: { S: 'audit' } };
    expect(matchesFilter(consumer('stream.webhooks'), record('INSERT', 'T#acme#AUDIT#2026-12', audit))).toBe(true);
    expect(matchesFilter(consumer('stream.webhooks'), record('MODIFY', 'T#acme#AUDIT#2026-12', audit))).toBe(false);
    expect(matchesFilter(consumer('stream.webhooks'), record('INSERT', 'T#acme', { entity: { S: 'user' } }))).toBe(false);
  });
});
