/**
 * The runtime configuration, `/config.json` on the console's own origin, written
 * by whatever hosts the console (CDK's deployment, the local console server).
 * `apiUrl: ""` means the API is on the same origin under /api and /auth.
 */

export interface ConsoleConfig {
  apiUrl: string;
  defaultTenantId?: string;
}

export const DEFAULT_CONFIG: ConsoleConfig = { apiUrl: '' };

/** The config in `json`, falling back field by field to the same-origin default. */
export function parseConfig(json: unknown): ConsoleConfig {
  if (typeof json !== 'object' || json === null) return DEFAULT_CONFIG;
  const { apiUrl, defaultTenantId } = json as Record<string, unknown>;
  return {
    apiUrl: typeof apiUrl === 'string' ? apiUrl.replace(/\/+$/, '') : '',
    ...(typeof defaultTenantId === 'string' && defaultTenantId.trim() ? { defaultTenantId: defaultTenantId.trim() } : {}),
  };
}

/** Fetches /config.json; a missing or broken file means the same-origin default. */
export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const response = await fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) return DEFAULT_CONFIG;
    return parseConfig(await response.json());
  } catch {
    return DEFAULT_CONFIG;
  }
}
