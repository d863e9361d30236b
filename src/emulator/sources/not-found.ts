/**
 * The 404s of the source providers, each in its own service's shape:
 * - a missing top-level resource (namespace, IoT hub, Cosmos DB account, storage account): ARM's
 *   `ResourceNotFound` (ARM answers for tracked resources itself);
 * - a child of a missing top-level resource: ARM's `ParentResourceNotFound`, with the message
 *   ARM's troubleshooting guide quotes ("Can not perform requested operation on nested resource.
 *   Parent resource '…' not found.");
 * - a missing child of an existing parent: the provider's own answer — Event Hubs' `NotFound`
 *   ("The messaging entity '…' could not be found. To know more visit
 *   https://aka.ms/sbResourceMgrExceptions."), IoT Hub's ErrorDetails `{ code, httpStatusCode,
 *   message, details }`, Cosmos DB's unwrapped `{ code: "NotFound", message: "Message:
 *   {\"Errors\":[\"Resource Not Found…\"]}…" }` (shape from its spec's ErrorResponse and user
 *   reports; exact texts unverified against the live services).
 */
import { randomUUID } from 'node:crypto';
import { ArmError, resourceNotFound } from '../arm/errors.js';

export { resourceNotFound };

export function parentNotFound(parent: string): ArmError {
  return new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${parent}' not found.`);
}

/** Event Hubs' answer for a missing event hub or consumer group under an existing namespace. */
export function messagingEntityNotFound(namespace: string, entity: string, now: Date): ArmError {
  return new ArmError(
    404,
    'NotFound',
    `The messaging entity '${namespace}:${entity}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions. ` +
      `TrackingId:${randomUUID()}_G0, SystemTracker:${namespace}.servicebus.windows.net:${entity}, Timestamp:${now.toISOString()}`,
  );
}

/** An error whose body is not wrapped in `{ error }` (IoT Hub's ErrorDetails, Cosmos DB's ErrorResponse). */
export class UnwrappedError extends ArmError {
  constructor(
    status: number,
    private readonly raw: Readonly<Record<string, string>>,
  ) {
    super(status, raw['code'] ?? 'NotFound', raw['message'] ?? '');
  }

  override body(): { error: { code: string; message: string } } {
    // The server sends body() as is: this provider answers without the `error` wrapper.
    return this.raw as unknown as { error: { code: string; message: string } };
  }
}

export function iotHubNotFound(message: string): ArmError {
  return new UnwrappedError(404, { code: 'NotFound', httpStatusCode: 'NotFound', message, details: '' });
}

export function cosmosNotFound(): ArmError {
  return new UnwrappedError(404, {
    code: 'NotFound',
    message:
      'Message: {"Errors":["Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found"]}\r\n' +
      `ActivityId: ${randomUUID()}, Microsoft.Azure.Documents.Common/2.14.0`,
  });
}
