// Service Bus (Standard: topics and duplicate detection need it). Local (SAS key) auth is off; the app
// sends and receives with its managed identity.
import { eventSubscription } from 'types.bicep'

param name string
param location string
param tags object
@description('The commands queue (src/config/names.ts DEFAULT_COMMANDS_QUEUE).')
param queueName string
@description('The webhook deliveries queue, one message per event and subscriber (src/config/names.ts DEFAULT_DELIVERIES_QUEUE).')
param deliveriesQueueName string
@description('The completion events topic (src/config/names.ts DEFAULT_EVENTS_TOPIC).')
param topicName string
@description('The subscriptions the app\'s own topic triggers read (src/config/names.ts EVENT_SUBSCRIPTIONS).')
param subscriptionNames string[]
@description('Application property that carries the CloudEvents type (src/config/names.ts EVENT_TYPE_PROPERTY).')
param eventTypeProperty string
param extraSubscriptions eventSubscription[]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource commandsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    // One executor call makes up to three AI calls of at most ~30 s each plus table writes. A 2-minute
    // lock outlasts a slow invocation even if one renewal is missed (the host also renews locks, up to
    // host.json maxAutoLockRenewalDuration = 5 min), and a message held by a crashed instance comes back
    // after 2 minutes instead of 5.
    lockDuration: 'PT2M'
    // Passing failures (429, 5xx, timeouts) are retried by the executor itself with new scheduled
    // messages (each with its own messageId and `attempt`), so a redelivery of the same message only
    // follows a crash or an unexpected error. Five deliveries ride out a short storage or host outage;
    // then the message is dead-lettered (MaxDeliveryCountExceeded) instead of looping, and the poller's
    // recovery re-sends the command if its operation is still NotStarted.
    maxDeliveryCount: 5
    // The HTTP API and the poller may send the same command again with the same messageId when an
    // earlier send looked lost; the copy is dropped inside this window.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    // A command nobody ran within a day is stale (a suspend meant for last evening): dead-letter it.
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    requiresSession: false
    enablePartitioning: false
    maxSizeInMegabytes: 1024
  }
}

resource deliveriesQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: deliveriesQueueName
  properties: {
    // One delivery is one POST with a 10 s timeout: a minute's lock is plenty.
    lockDuration: 'PT1M'
    // Passing failures are retried by the function itself with scheduled copies (attempt + 1, after the
    // subscriber's Retry-After or backoff, WEBHOOK_DELIVERY_ATTEMPTS in all), so a redelivery of the same
    // message follows only a crash, or a delivery the function gave up on: the Node trigger cannot
    // dead-letter, so it throws and each redelivery makes one more quick try. Three bound those tries;
    // then Service Bus dead-letters the message (MaxDeliveryCountExceeded), listed by GET /api/deadletters.
    maxDeliveryCount: 3
    // An event redelivered to the fan-out sends the same delivery ids again: the copies are dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P14D'
    deadLetteringOnMessageExpiration: true
    requiresSession: false
    enablePartitioning: false
    maxSizeInMegabytes: 1024
  }
}

resource eventsTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    // Each event's messageId is the CloudEvent id: a re-publish after a crash is dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P14D'
    enablePartitioning: false
    maxSizeInMegabytes: 1024
  }
}

var subscriptionProperties = {
  lockDuration: 'PT1M'
  // Subscribers that fail here (a chat reply, the webhook fan-out's send) are retried by redelivery;
  // ten tries, then the dead-letter queue.
  maxDeliveryCount: 10
  defaultMessageTimeToLive: 'P14D'
  deadLetteringOnMessageExpiration: true
  deadLetteringOnFilterEvaluationExceptions: true
  requiresSession: false
}

resource appSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscriptionName in subscriptionNames: {
    parent: eventsTopic
    name: subscriptionName
    properties: subscriptionProperties
  }
]

// An extra subscription named like one of the app's own would declare the same resource twice in this
// template (the deployment fails) or put another team's filter on a subscription the app reads; such
// entries are left out.
var otherTeamSubscriptions = filter(extraSubscriptions, extra => !contains(subscriptionNames, extra.name))

resource extraSubscriptionResources 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for extra in otherTeamSubscriptions: {
    parent: eventsTopic
    name: extra.name
    properties: subscriptionProperties
  }
]

// Every extra subscription's `$Default` rule is declared: a SQL filter on the event type property when
// eventTypes is given, else `1=1` (match all, like the TrueFilter Service Bus creates). Declaring it even
// when unfiltered means removing eventTypes later really restores "every event" on the next provision,
// instead of leaving the old filter in place.
resource extraSubscriptionFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (extra, i) in otherTeamSubscriptions: {
    parent: extraSubscriptionResources[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        // e.g. eventType IN ('CognitiveOps.Operation.Failed', 'CognitiveOps.Operation.Canceled')
        sqlExpression: empty(extra.?eventTypes ?? []) ? '1=1' : format('{0} IN (\'{1}\')', eventTypeProperty, join(extra.?eventTypes ?? [], '\', \''))
      }
    }
  }
]

output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
