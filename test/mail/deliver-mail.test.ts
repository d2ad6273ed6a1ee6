/** Connected tests (DynamoDB Local + SES emulator) of the mailer: sends once, skips sent mail, parks what can never be sent. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs every suite against one DynamoDB Local at once: waits for the stream and the emulators get room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { enqueueMail, type MailRequest } from '../../shared/mail/outbox.js';
import { MAIL_OUTBOX } from '../../shared/mail/deliver-mail.js';
import { handleOutboxItem } from '../../shared/outbox/handle-item.js';
import { STREAM_GRACE_MS } from '../../shared/outbox/outbox-item.js';
import { sweepOutbox } from '../../shared/outbox/sweeper.js';
import { keys } from '../../shared/storage/keys.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { startTestSes, type TestSes } from '../support/emulators.js';
import { setSesClientForTests } from '../../shared/mail/ses-client.js';

let ses: TestSes;
const table = new Table();
const deliverMail = (t: Table, id: string) => handleOutboxItem(t, MAIL_OUTBOX, id);

beforeAll(async () => {
  ses = await startTestSes();
  setSesClientForTests(undefined);
});
afterAll(async () => {
  setSesClientForTests(undefined);
  await ses?.stop();
});

async function enqueue(data: Record<string, string>, to = `${randomUUID().slice(0, 8)}@mail.example`): Promise<MailRequest> {
  const tx = new Transaction(table);
  const mail = enqueueMail(tx, { tenantId: 'u4m-tenant', to, template: 'invite', data });
  await tx.commit();
  return mail;
}

const goodData = {
  recordId: randomUUID(),
  nonce: 'abc',
  clientUrl: 'https://app.example.com/accept',
  tenantName: 'Mail Test Co',
  expiresAt: '2026-12-01T00:00:00.000Z',
  from: 'tenant@mail.example',
};

describe('deliverMail', () => {
  it('sends a pending mail once and marks it sent', async () => {
    const mail = await enqueue(goodData);
    expect(await deliverMail(table, mail.id)).toBe('done');
    expect(await deliverMail(table, mail.id)).toBe('already-done');
    const sent = (await ses.mails()).filter((m) => m.destination.to.includes(mail.to));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: 'tenant@mail.example', subject: 'You are invited to Mail Test Co' });
    expect(await table.get(keys.outbox(mail.id))).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('parks a mail that can never render as failed instead of retrying it forever', async () => {
    const mail = await enqueue({ ...goodData, nonce: '' });
    expect(await deliverMail(table, mail.id)).toBe('failed');
    expect(await table.get(keys.outbox(mail.id))).toMatchObject({ status: 'failed' });
    expect(await deliverMail(table, mail.id)).toBe('already-done');
  });

  it('records a failed attempt and rethrows while SES is unreachable', async () => {
    const { SESClient } = await import('@aws-sdk/client-ses');
    setSesClientForTests(
      new SESClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    const mail = await enqueue(goodData);
    await expect(deliverMail(table, mail.id)).rejects.toThrow();
    expect(await table.get(keys.outbox(mail.id))).toMatchObject({ status: 'pending', attempts: 1 });
    setSesClientForTests(undefined);
    expect(await deliverMail(table, mail.id)).toBe('done');
  });

  it('ignores an id with no outbox item', async () => {
    expect(await deliverMail(table, randomUUID())).toBe('missing');
  });
});

describe('sweepOutbox', () => {
  it('sends mail the stream left pending, and leaves it pending while SES is still down', async () => {
    const { SESClient } = await import('@aws-sdk/client-ses');
    const tenantId = `u4s-${randomUUID().slice(0, 8)}`;
    const tx = new Transaction(table);
    const mail = enqueueMail(tx, { tenantId, to: `${randomUUID().slice(0, 8)}@sweep.example`, template: 'invite', data: goodData });
    await tx.commit();
    const onlyMine = { now: Date.now() + STREAM_GRACE_MS + 3_600_000, tenantFilter: (id: string) => id === tenantId };

    setSesClientForTests(
      new SESClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    expect((await sweepOutbox(table, onlyMine)).mail).toEqual({ handled: 0, failed: 1 });
    setSesClientForTests(undefined);
    expect((await sweepOutbox(table, onlyMine)).mail).toEqual({ handled: 1, failed: 0 });
    expect((await ses.mails()).filter((m) => m.destination.to.includes(mail.to))).toHaveLength(1);
    // Sent mail leaves the pending index: the next sweep finds nothing.
    expect((await sweepOutbox(table, onlyMine)).mail).toEqual({ handled: 0, failed: 0 });
  });
});

describe('mail outbox items written before the outbox was generic', () => {
  /** The item as the previous version wrote it: no kind, no due time, on the old pending partition. */
  async function oldShapedMail(tenantId: string, createdAt: string) {
    const id = randomUUID();
    const to = `${randomUUID().slice(0, 8)}@legacy.example`;
    await table.put({
      Item: {
        ...keys.outbox(id),
        entity: 'mail',
        id,
        tenantId,
        to,
        template: 'invite',
        data: goodData,
        createdAt,
        status: 'pending',
        attempts: 0,
        GSI1PK: 'OUTBOX#PENDING',
        GSI1SK: `${createdAt}#${id}`,
      },
    });
    return { id, to };
  }

  it('are swept from the old pending partition once the stream’s grace is over, and sent once', async () => {
    const tenantId = `u4l-${randomUUID().slice(0, 8)}`;
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    const mail = await oldShapedMail(tenantId, createdAt);
    const mine = (now: number) => ({ now, tenantFilter: (id: string) => id === tenantId });

    // Still the stream's turn.
    expect((await sweepOutbox(table, mine(Date.now()))).mail).toEqual({ handled: 0, failed: 0 });
    expect((await sweepOutbox(table, mine(Date.now() + STREAM_GRACE_MS))).mail).toEqual({ handled: 1, failed: 0 });
    expect((await ses.mails()).filter((m) => m.destination.to.includes(mail.to))).toHaveLength(1);
    const stored = await table.get(keys.outbox(mail.id));
    expect(stored).toMatchObject({ status: 'done', attempts: 1, results: { messageId: expect.any(String) } });
    expect(stored).not.toHaveProperty('GSI1PK');
    expect((await sweepOutbox(table, mine(Date.now() + STREAM_GRACE_MS))).mail).toEqual({ handled: 0, failed: 0 });
  });

  it('are delivered by the stream consumer, and a failed attempt moves them onto the due index', async () => {
    const { SESClient } = await import('@aws-sdk/client-ses');
    const tenantId = `u4l-${randomUUID().slice(0, 8)}`;
    const mail = await oldShapedMail(tenantId, new Date().toISOString());
    setSesClientForTests(
      new SESClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    await expect(deliverMail(table, mail.id)).rejects.toThrow();
    setSesClientForTests(undefined);
    const retried = await table.get<{ GSI1PK: string; GSI1SK: string; dueAt: string; attempts: number; status: string }>(keys.outbox(mail.id));
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, GSI1PK: keys.gsiOutboxDue, GSI1SK: `${retried!.dueAt}#mail#${mail.id}` });
    expect(Date.parse(retried!.dueAt)).toBeGreaterThan(Date.now());
    expect(await deliverMail(table, mail.id)).toBe('done');
    expect((await ses.mails()).filter((m) => m.destination.to.includes(mail.to))).toHaveLength(1);
  });

  it('are skipped when the previous version marked them sent', async () => {
    const mail = await oldShapedMail('u4l-sent', new Date().toISOString());
    await table.update({
      Key: keys.outbox(mail.id),
      UpdateExpression: 'SET #s = :sent, sentAt = :now REMOVE GSI1PK, GSI1SK',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':now': new Date().toISOString() },
    });
    expect(await deliverMail(table, mail.id)).toBe('already-done');
    expect((await ses.mails()).filter((m) => m.destination.to.includes(mail.to))).toHaveLength(0);
  });
});
