/**
 * The benchmark's own bookkeeping, checked in `npm test` so a route added
 * without a cold-start first request, or a ratio quoted without its spread,
 * fails here rather than an hour into `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { firstRequestPlan, NO_STORAGE } from '../../bench/cold/first-requests.js';
import { roundRatios, spreadText } from '../../bench/report/render.js';
import { spreadOf } from '../../bench/harness/stats.js';
import { routes, routeByName } from '../../shared/http/route-table.js';

describe('cold-start first requests', () => {
  it('has a plan for the first route of every route bundle (the route the probe sends)', () => {
    const firstRoutes = new Map<string, string>();
    for (const route of routes) if (!firstRoutes.has(route.handler)) firstRoutes.set(route.handler, route.name);
    const missing = [...firstRoutes.values()].filter((name) => {
      try {
        firstRequestPlan(name);
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  it('lets only public routes answer without storage (every credential is checked against DynamoDB)', () => {
    for (const name of Object.keys(NO_STORAGE)) expect(routeByName(name)?.auth, name).toBe('public');
  });

  it('names the route when a plan is missing', () => {
    expect(() => firstRequestPlan('no.such.route')).toThrow('no first request for route no.such.route');
  });
});

describe('ratios over interleaved rounds', () => {
  it('quotes the median and range of each ratio per round, not of the summed times', () => {
    const ratios = roundRatios([
      { order: ['floor', 'sync', 'service writes'], loadAverage: 2, syncMs: 300, floorMs: 100, serviceWritesMs: 250 },
      { order: ['service writes', 'sync', 'floor'], loadAverage: 6, syncMs: 500, floorMs: 100, serviceWritesMs: 400 },
      { order: ['floor', 'sync', 'service writes'], loadAverage: 4, syncMs: 400, floorMs: 200, serviceWritesMs: 200 },
    ]);
    expect(ratios.syncToFloor).toEqual({ n: 3, median: 3, min: 2, max: 5 });
    expect(ratios.syncToServiceWrites).toEqual({ n: 3, median: 1.25, min: 1.2, max: 2 });
    expect(ratios.serviceWritesToFloor).toEqual({ n: 3, median: 2.5, min: 1, max: 4 });
    expect(ratios.loadAverage).toEqual({ n: 3, median: 4, min: 2, max: 6 });
  });

  it('has no floor ratios for lean rounds, which run no floor', () => {
    const ratios = roundRatios([{ order: ['sync', 'service writes'], loadAverage: 1, syncMs: 200, serviceWritesMs: 100 }]);
    expect(ratios.syncToFloor).toBeUndefined();
    expect(ratios.serviceWritesToFloor).toBeUndefined();
    expect(ratios.syncToServiceWrites).toEqual({ n: 1, median: 2, min: 2, max: 2 });
  });

  it('says when a figure rests on one run', () => {
    expect(spreadText(spreadOf([1.07]))).toBe('1.07x (one run: no spread)');
    expect(spreadText(spreadOf([1.16, 0.98, 1.07]))).toBe('1.07x (0.98–1.16x, 3 interleaved runs)');
  });
});
