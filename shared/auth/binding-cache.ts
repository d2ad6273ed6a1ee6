/**
 * A warm container's memory of bindings that never change once written: the
 * tenant a Cognito user pool belongs to, the tenant and user a PAT's hash was
 * issued to. Knowing them before the first read lets authentication fetch
 * everything it checks (secret, user, tenant) in one BatchGet.
 *
 * Only those bindings are kept. The secret record (revocation, expiry), the user
 * (status, role, revoked sessions) and the tenant are read on every request, and
 * each remembered binding is checked against what was read, so a binding that no
 * longer holds (a pool moved to another tenant, a tenant removed) is forgotten
 * and the request refused or read afresh, never served from memory. Bindings are
 * remembered only after a read proved them, so callers cannot fill the cache
 * with keys of their choosing.
 */
export class BindingCache<V> {
  private readonly entries = new Map<string, V>();

  /** @param capacity most bindings kept; the oldest goes first (a container serves few tenants and tokens). */
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  remember(key: string, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
