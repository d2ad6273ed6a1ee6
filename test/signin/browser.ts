/**
 * A minimal browser for the sign-in tests: a cookie jar per origin and manual
 * redirects, so a test can stop at any hop (the callback URL) and tamper with it.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const jar = this.jars.get(target.origin);
    if (jar?.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) this.store(target.origin, cookie);
    return res;
  }

  /** Follows redirects until `stop(url)` says so or a non-redirect answers; returns the last URL and response. */
  async follow(url: string, stop: (url: string) => boolean = () => false): Promise<{ url: string; response?: Response }> {
    let current = url;
    for (let hop = 0; hop < 15; hop++) {
      if (stop(current)) return { url: current };
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current).toString();
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  forget(origin: string, name: string): void {
    this.jars.get(origin)?.delete(name);
  }

  private store(origin: string, setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
    if (expired) jar.delete(name);
    else jar.set(name, value);
  }
}
