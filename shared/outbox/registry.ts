/**
 * The outbox kinds. Adding a kind is its name in `OUTBOX_KIND_NAMES`
 * (outbox-item.ts), its {@link OutboxKind} beside its handler, an entry here, an
 * enqueue helper of the kind's fields calling `enqueueOutboxItem`, and, for
 * delivery within seconds, a stream consumer (shared/streams/stream-consumers.ts)
 * whose handler is `processOutbox(event, itsKind)`. The sweeper needs nothing
 * more: it dispatches every due item through here.
 */
import { IDENTITY_SYNC_OUTBOX } from '../identity/apply-identity-sync.js';
import { MAIL_OUTBOX } from '../mail/deliver-mail.js';
import type { OutboxKind, OutboxKindName } from './outbox-item.js';

export const OUTBOX_KINDS = {
  mail: MAIL_OUTBOX,
  identitySync: IDENTITY_SYNC_OUTBOX,
} as const satisfies { [K in OutboxKindName]: OutboxKind & { name: K } };
