/**
 * SES down while invites and password resets are requested: the requests
 * succeed (the mail is in the outbox, written with the change), the mailer's
 * deliveries fail and are retried, and once SES is back every mail goes out
 * exactly once, however often the stream redelivers and the sweeper runs:
 * at-least-once delivery, deduplicated by mail id.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as mailer } from '../../functions/stream/mailer.js';
import { ensureUserPools } from '../../infra/local/cognito-pools.js';
import { startSesEmulator, type RunningSesEmulator } from '../../infra/local/ses-emulator.js';
import type { MailRequest } from '../../shared/mail/outbox.js';
import { setSesClientForTests } from '../../shared/mail/ses-client.js';
import { STREAM_GRACE_MS } from '../../shared/outbox/outbox-item.js';
import { sweepOutbox } from '../../shared/outbox/sweeper.js';
import { keys } from '../../shared/storage/keys.js';
import { startTestCognito, startTestSes, type StoredMail, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, type ApiRequest } from '../security/in-process-api.js';
import { figures } from './figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 120_000;

const PREFIX = 'relm';
const INVITES = 6;
const RESETS = 4;
let tenant: TestTenant;
let cognito: TestCognito;
let ses: RunningSesEmulator | undefined;
let sesPort: number;

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  const pool = (await ensureUserPools(cognito.url, [PREFIX]))[PREFIX]!;
  tenant = await createTestTenant({
    prefix: PREFIX,
    mode: 'invite-only',
    userPoolId: pool.userPoolId,
    appClientId: pool.appClientId,
    jwtIssuer: pool.jwtIssuer,
  });
  rememberSecret(tenant.adminToken);
  const first = await startTestSes();
  sesPort = Number(new URL(first.url).port);
  await first.stop();
  // A client made now would keep a dead connection pool; the mailer makes its own on first use.
  setSesClientForTests(undefined);
});
afterAll(async () => {
  await ses?.close();
  await cognito?.stop();
  figures.flush('mail-outage');
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });

/** The mail ids the audit log names for this tenant's invites and resets. */
async function mailIds(): Promise<string[]> {
  const res = await call(admin('GET', '/audit-logs?limit=1000'), { timeoutSeconds: 60 });
  return (res.json.data as Array<{ details?: { mailId?: string } }>).map((e) => e.details?.mailId).filter((id): id is string => Boolean(id));
}

const insertRecords = (ids: string[]): DynamoDBStreamEvent => ({
  Records: ids.map((id, i) => ({
    eventID: String(i),
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: { PK: { S: keys.outbox(id).PK }, SK: { S: keys.outbox(id).SK } }, SequenceNumber: String(1000 + i) },
  })),
});

/** Delivers a batch the way the event source mapping does: retry from the first failed record, `attempts` times. */
async function deliverBatch(ids: string[], attempts: number): Promise<{ failures: number }> {
  let pending = ids;
  let failures = 0;
  for (let i = 0; i < attempts && pending.length > 0; i++) {
    const result = await mailer(insertRecords(pending));
    const failed = result.batchItemFailures[0]?.itemIdentifier;
    if (!failed) return { failures };
    failures++;
    pending = pending.slice(Number(failed) - 1000);
  }
  return { failures };
}

const tokenIn = (mail: StoredMail) => /token=(prv_(?:inv|rst)_[0-9A-Za-z]+)/.exec(mail.body.text ?? '')?.[1];

// Dozens of invites and resets, then a wait for every mail through the stream and the sweeper: longer than one request.
describe('an SES outage', { timeout: 120_000 }, () => {
  it(
    'keeps every invite and reset mail and sends each exactly once when SES is back',
    async () => {
      const invitees = Array.from({ length: INVITES }, (_, i) => `outage-${i}@mail.example`);
      for (const email of invitees) {
        const res = await call(admin('POST', '/users/invite', { email, acceptInviteClientUrl: 'https://app.example.com/accept' }), { timeoutSeconds: 60 });
        expect(res.status, res.text).toBe(201);
        rememberSecret(new URL(res.json.link).searchParams.get('token')!);
      }
      for (const email of invitees.slice(0, RESETS)) {
        const res = await call(admin('POST', '/x/users/forgot-password', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }), {
          timeoutSeconds: 60,
        });
        expect(res.status, res.text).toBe(200);
      }
      const ids = await mailIds();
      expect(ids).toHaveLength(INVITES + RESETS);

      // SES is down: the stream's deliveries fail and are retried; nothing is lost or marked done.
      const down = await deliverBatch(ids, 3);
      // The sweeper (the safety net under the stream) finds the oldest pending mails of the whole table, ours among them or not.
      await sweepOutbox(tenant.table, { now: Date.now() + STREAM_GRACE_MS + 3_600_000, tenantFilter: (t) => t === tenant.tenantId });
      const whileDown = await Promise.all(ids.map((id) => tenant.table.get<MailRequest>(keys.outbox(id))));
      expect(whileDown.map((m) => m?.status)).toEqual(ids.map(() => 'pending'));
      expect(whileDown.every((m) => (m?.attempts ?? 0) >= 1)).toBe(true);

      ses = await startSesEmulator({ port: sesPort });
      // Back: the stream redelivers (twice, as a retried batch may be), the sweeper runs too.
      const up1 = await deliverBatch(ids, 3);
      const up2 = await deliverBatch(ids, 3);
      await sweepOutbox(tenant.table, { now: Date.now() + STREAM_GRACE_MS + 3_600_000, tenantFilter: (t) => t === tenant.tenantId });
      expect(up1.failures + up2.failures).toBe(0);

      const mails = ((await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredMail[] }).emails;
      const stored = await Promise.all(ids.map((id) => tenant.table.get<MailRequest & { attempts: number }>(keys.outbox(id))));
      figures.record('mail-outage', 'outage', {
        mailsEnqueued: ids.length,
        failedBatchDeliveriesWhileDown: down.failures,
        mailsReceivedBySes: mails.length,
        attemptsPerMail: stored.map((m) => m?.attempts),
      });
      expect(stored.every((m) => m?.status === 'done')).toBe(true);
      expect(mails).toHaveLength(INVITES + RESETS);
      for (const email of invitees) {
        const to = mails.filter((m) => m.destination.to.includes(email));
        expect(
          to.filter((m) => /invited/i.test(m.subject)),
          email,
        ).toHaveLength(1);
      }
      for (const email of invitees.slice(0, RESETS)) {
        expect(
          mails.filter((m) => m.destination.to.includes(email) && /reset/i.test(m.subject)),
          email,
        ).toHaveLength(1);
      }
      for (const mail of mails) {
        const token = tokenIn(mail);
        expect(token, mail.subject).toBeDefined();
        rememberSecret(token!);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
