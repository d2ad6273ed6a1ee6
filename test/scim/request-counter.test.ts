/**
 * Unit: how the request counter measures round trips in series, on made-up
 * timelines (sentAt and settledAt share one clock, as countRequests records them).
 */
import { describe, expect, it } from 'vitest';
import { sequentialDepth, type RecordedRequest } from './request-counter.js';

const request = (sentAt: number, settledAt: number): RecordedRequest => ({ command: 'QueryCommand', input: {}, sentAt, settledAt });

describe('sequentialDepth', () => {
  it('counts each request sent on the answer of the one before', () => {
    expect(sequentialDepth([request(0, 1), request(2, 3), request(4, 5)])).toBe(3);
  });

  it('counts requests in flight together once', () => {
    expect(sequentialDepth([request(0, 3), request(1, 2), request(4, 5)])).toBe(2);
  });

  it('does not chain two independent sweeps when one finishes before the other has sent its second request', () => {
    // Sweep A answers twice (0→2, 3→4) before sweep B's first request (1→5) has answered; B's second goes at 6.
    const a1 = request(0, 2);
    const b1 = request(1, 5);
    const a2 = request(3, 4);
    const b2 = request(6, 7);
    const afterBoth = request(8, 9);
    expect(sequentialDepth([a1, b1, a2, b2, afterBoth])).toBe(3);
  });

  it('is zero for no requests', () => {
    expect(sequentialDepth([])).toBe(0);
  });
});
