/**
 * The environment fails fast: inside Lambda a function without its table name
 * or signing key dies when its module loads (init), not on its first request;
 * every knob goes through the schema, so a malformed one is refused by name.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('environment', () => {
  it('kills a Lambda function at init when TABLE_NAME is missing', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    vi.stubEnv('TABLE_NAME', '');
    await expect(import('../../functions/api/users/get.js')).rejects.toThrow('Invalid environment: TABLE_NAME');
  });

  it('kills a Lambda function at init when SIGNING_KEY is too short to be a key', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    vi.stubEnv('SIGNING_KEY', 'short');
    await expect(import('../../functions/api/users/get.js')).rejects.toThrow('Invalid environment: SIGNING_KEY');
  });

  it('loads a well-configured Lambda function', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    const module = await import('../../functions/api/users/get.js');
    expect(typeof module.handler).toBe('function');
  });

  it('outside Lambda (synth, the OpenAPI generator) loads, and refuses at first use', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    vi.stubEnv('TABLE_NAME', '');
    const { env } = await import('../../shared/config/env.js');
    expect(() => env()).toThrow('Invalid environment: TABLE_NAME');
  });

  it('reads the knobs through the schema, afresh, and refuses a malformed one by name', async () => {
    const { settings } = await import('../../shared/config/env.js');
    vi.stubEnv('CORS_ALLOWED_ORIGINS', 'https://console.example.com');
    vi.stubEnv('LOG_LEVEL', 'warn');
    expect(settings()).toMatchObject({ CORS_ALLOWED_ORIGINS: 'https://console.example.com', LOG_LEVEL: 'WARN' });
    vi.stubEnv('METRICS_DISABLED', 'yes');
    expect(() => settings()).toThrow('Invalid environment: METRICS_DISABLED');
  });
});
