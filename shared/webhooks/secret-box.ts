/**
 * Webhook signing secrets at rest. A receiver verifies with the secret itself,
 * so it cannot be hashed like a PAT: it is sealed by envelope encryption. Each
 * secret gets a fresh 256-bit data key; the secret is encrypted with AES-256-GCM
 * under it, with the tenant and endpoint as associated data (a sealed secret
 * copied onto another endpoint or tenant does not open); the data key is stored
 * only wrapped by a key that never leaves its keeper:
 *
 * - in AWS, a KMS key (`WEBHOOK_KMS_KEY_ID`): `GenerateDataKey` and `Decrypt`
 *   with the same tenant and endpoint as encryption context, which CloudTrail
 *   records with each use;
 * - locally, `WEBHOOK_LOCAL_KEY` (32 bytes, base64) wraps it with AES-256-GCM.
 *
 * Opened data keys are cached for five minutes per warm function, so a burst of
 * deliveries to one endpoint costs one `Decrypt`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { env } from '../config/env.js';
import { WEBHOOK_SECRET_PURPOSE } from './secret-context.js';

export interface SealedSecret {
  /** Which keeper wrapped the data key. */
  keeper: 'kms' | 'local';
  /** The wrapped data key (KMS ciphertext blob, or local `iv.ciphertext.tag`), base64. */
  wrappedKey: string;
  /** `iv.ciphertext.tag` of the secret under the data key, base64 parts. */
  box: string;
}

export interface SecretContext {
  tenantId: string;
  endpointId: string;
}

interface Keeper {
  readonly name: SealedSecret['keeper'];
  newDataKey(context: SecretContext): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer, context: SecretContext): Promise<Buffer>;
}

const aad = (context: SecretContext) => Buffer.from(`webhook-secret:${context.tenantId}:${context.endpointId}`, 'utf8');

function gcmSeal(key: Buffer, plaintext: Buffer, associated: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(associated);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64')).join('.');
}

function gcmOpen(key: Buffer, sealed: string, associated: Buffer): Buffer {
  const [iv, ciphertext, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !ciphertext || !tag) throw new Error('malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(associated).setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

class LocalKeeper implements Keeper {
  readonly name = 'local' as const;
  constructor(private readonly key: Buffer) {}
  async newDataKey(context: SecretContext) {
    const plaintext = randomBytes(32);
    return { plaintext, wrapped: Buffer.from(gcmSeal(this.key, plaintext, aad(context)), 'utf8') };
  }
  async unwrap(wrapped: Buffer, context: SecretContext) {
    return gcmOpen(this.key, wrapped.toString('utf8'), aad(context));
  }
}

class KmsKeeper implements Keeper {
  readonly name = 'kms' as const;
  private client?: KMSClient;
  constructor(private readonly keyId: string) {}
  private kms() {
    this.client ??= new KMSClient({});
    return this.client;
  }
  async newDataKey(context: SecretContext) {
    const out = await this.kms().send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context, purpose: WEBHOOK_SECRET_PURPOSE } }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
  }
  async unwrap(wrapped: Buffer, context: SecretContext) {
    const out = await this.kms().send(
      new DecryptCommand({ CiphertextBlob: wrapped, KeyId: this.keyId, EncryptionContext: { ...context, purpose: WEBHOOK_SECRET_PURPOSE } }),
    );
    if (!out.Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(out.Plaintext);
  }
}

let keeperCache: { source: string; keeper: Keeper } | undefined;

/** The keeper the environment names: KMS when a key id is set, else the local key; neither is a deployment error. */
function keeper(): Keeper {
  const { WEBHOOK_KMS_KEY_ID: kmsKey, WEBHOOK_LOCAL_KEY: localKey } = env();
  const source = kmsKey ? `kms:${kmsKey}` : `local:${localKey ?? ''}`;
  if (keeperCache?.source !== source) {
    if (kmsKey) keeperCache = { source, keeper: new KmsKeeper(kmsKey) };
    else if (localKey) keeperCache = { source, keeper: new LocalKeeper(Buffer.from(localKey, 'base64')) };
    else throw new Error('Neither WEBHOOK_KMS_KEY_ID nor WEBHOOK_LOCAL_KEY is set: webhook secrets cannot be sealed');
  }
  return keeperCache.keeper;
}

const DATA_KEY_CACHE_MS = 5 * 60_000;
const DATA_KEY_CACHE_SIZE = 256;
const openedKeys = new Map<string, { key: Buffer; until: number }>();

/** Seals `secret` for the endpoint of `context`. */
export async function sealSecret(secret: string, context: SecretContext): Promise<SealedSecret> {
  const k = keeper();
  const dataKey = await k.newDataKey(context);
  try {
    return { keeper: k.name, wrappedKey: dataKey.wrapped.toString('base64'), box: gcmSeal(dataKey.plaintext, Buffer.from(secret, 'utf8'), aad(context)) };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/** Opens a secret sealed by {@link sealSecret} for the same tenant and endpoint; throws on any other context or tampering. */
export async function openSecret(sealed: SealedSecret, context: SecretContext): Promise<string> {
  const k = keeper();
  if (sealed.keeper !== k.name) throw new Error(`secret sealed by ${sealed.keeper}, but this deployment's keeper is ${k.name}`);
  const cacheKey = `${context.tenantId}:${context.endpointId}:${sealed.wrappedKey}`;
  const now = Date.now();
  let cached = openedKeys.get(cacheKey);
  if (!cached || cached.until < now) {
    cached = { key: await k.unwrap(Buffer.from(sealed.wrappedKey, 'base64'), context), until: now + DATA_KEY_CACHE_MS };
    if (openedKeys.size >= DATA_KEY_CACHE_SIZE) openedKeys.delete(openedKeys.keys().next().value!);
    openedKeys.set(cacheKey, cached);
  }
  return gcmOpen(cached.key, sealed.box, aad(context)).toString('utf8');
}
