/** The mail to a tenant's admins when a webhook endpoint was turned off after failing for about a day. */
import { escapeHtml, layout, type RenderedMail } from './layout.js';

export function webhookDisabledMail(v: { tenantName: string; url: string; attempts: string; lastError: string }): RenderedMail {
  const title = `A ${v.tenantName} webhook endpoint was turned off`;
  return {
    subject: title,
    text: [
      `Deliveries to the webhook endpoint ${v.url} of ${v.tenantName} failed ${v.attempts} times over about a day, so it was turned off.`,
      `The last attempt failed with: ${v.lastError}`,
      '',
      'No events are sent to it while it is off. Fix the receiver, turn the endpoint on again in Settings > Webhooks,',
      'and redeliver the events it missed from its delivery log.',
    ].join('\n'),
    html: layout(
      title,
      `<p>Deliveries to the webhook endpoint <code>${escapeHtml(v.url)}</code> of <strong>${escapeHtml(v.tenantName)}</strong> failed ${escapeHtml(v.attempts)} times over about a day, so it was turned off.</p>
<p>The last attempt failed with: ${escapeHtml(v.lastError)}</p>
<p>No events are sent to it while it is off. Fix the receiver, turn the endpoint on again in Settings &gt; Webhooks, and redeliver the events it missed from its delivery log.</p>`,
    ),
  };
}
