/** The KMS encryption-context `purpose` of webhook secrets; the key policy grants nothing without it. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-secret';
