/**
 * The service's EventBridge bus: the `stream.events` consumer puts every domain
 * event on it (functions/stream/events.ts), and other services subscribe with
 * rules on `source` and `detail-type` (docs/events.md). An archive keeps the
 * service's events for replay after a consumer's outage.
 *
 * Registers the bus with the functions' environment and grantable resources,
 * so only a function whose permissions say `putEvents` may put on it.
 */
import { Duration } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/streams/event-bus-publisher.js';
import type { GrantableResources } from './function-role.js';

/** How long the archive keeps events for replay. */
export const EVENT_ARCHIVE_RETENTION = Duration.days(30);

export class ServiceEventBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { environment: Record<string, string>; resources: GrantableResources }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Domain events of the provisioning service' });
    this.bus.archive('Archive', {
      description: 'The service’s domain events, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: EVENT_ARCHIVE_RETENTION,
    });
    props.environment.EVENT_BUS_NAME = this.bus.eventBusName;
    props.resources.eventBusArn = this.bus.eventBusArn;
  }
}
