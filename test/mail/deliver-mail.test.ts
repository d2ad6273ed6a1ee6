/** Connected tests (DynamoDB Local + SES emulator) of the mailer: sends once, skips sent mail, parks what can never be sent. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs every suite against one DynamoDB Local at once: waits for the stream and the emulators get room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { deliverMail } from '../../shared/mail/deliver-mail.js';
import { enqueueMail, type MailRequest } from '../../shared/mail/outbox.js';
import { keys } from '../../shared/storage/keys.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { startTestSes, type TestSes } from '../support/emulators.js';
import { setSesClientForTests } from '../../shared/mail/ses-client.js';

let ses: TestSes;
const table = new Table();

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
    expect(await deliverMail(table, mail.id)).toBe('sent');
    expect(await deliverMail(table, mail.id)).toBe('already-sent');
    const sent = (await ses.mails()).filter((m) => m.destination.to.includes(mail.to));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: 'tenant@mail.example', subject: 'You are invited to Mail Test Co' });
    expect(await table.get(keys.outbox(mail.id))).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('parks a mail that can never render as failed instead of retrying it forever', async () => {
    const mail = await enqueue({ ...goodData, nonce: '' });
    expect(await deliverMail(table, mail.id)).toBe('failed');
    expect(await table.get(keys.outbox(mail.id))).toMatchObject({ status: 'failed' });
    expect(await deliverMail(table, mail.id)).toBe('already-sent');
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
    expect(await deliverMail(table, mail.id)).toBe('sent');
  });

  it('ignores an id with no outbox item', async () => {
    expect(await deliverMail(table, randomUUID())).toBe('missing');
  });
});

describe('sweepOutbox', () => {
  it('sends mail the stream left pending, and leaves it pending while SES is still down', async () => {
    const { sweepOutbox } = await import('../../shared/mail/outbox-sweeper.js');
    const { SESClient } = await import('@aws-sdk/client-ses');
    const tenantId = `u4s-${randomUUID().slice(0, 8)}`;
    const tx = new Transaction(table);
    const mail = enqueueMail(tx, { tenantId, to: `${randomUUID().slice(0, 8)}@sweep.example`, template: 'invite', data: goodData });
    await tx.commit();
    const onlyMine = { olderThanMs: 0, now: Date.now() + 1000, tenantFilter: (id: string) => id === tenantId };

    setSesClientForTests(
      new SESClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    expect((await sweepOutbox(table, onlyMine)).mails).toEqual({ handled: 0, failed: 1 });
    setSesClientForTests(undefined);
    expect((await sweepOutbox(table, onlyMine)).mails).toEqual({ handled: 1, failed: 0 });
    expect((await ses.mails()).filter((m) => m.destination.to.includes(mail.to))).toHaveLength(1);
    // Sent mail leaves the pending index: the next sweep finds nothing.
    expect((await sweepOutbox(table, onlyMine)).mails).toEqual({ handled: 0, failed: 0 });
  });
});
