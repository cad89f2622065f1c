// Metric alerts for an operator: failed operations, dead-lettered messages and a poller that falls behind.
// The first and last read the app's own OpenTelemetry metrics (cogops.*), which the Azure Monitor distro
// sends to Application Insights as custom metrics; the dead-letter alert reads Service Bus's own metric,
// which counts every dead-lettered message whoever dead-lettered it (the Functions host included).
// Checked against the Microsoft.Insights/metricAlerts schema only: nothing here was deployed.
param applicationInsightsName string
param serviceBusNamespaceName string
param tags object

@description('Resource id of an existing action group to notify; empty: the alerts fire without notifying anyone.')
param actionGroupId string = ''

@description('Failed operations in 15 minutes above which the alert fires.')
param failedOperationsThreshold int = 0

@description('Seconds the oldest due operation may wait past its due time before the alert fires.')
param pollerLagThresholdSeconds int = 120

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

var actions = empty(actionGroupId) ? [] : [
  {
    actionGroupId: actionGroupId
  }
]

resource failedOperations 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'cogops-failed-operations-${applicationInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'cognitive-ops: operations ended Failed (metric cogops.operation.completed, cogops.status = Failed).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed'
          metricNamespace: 'azure.applicationinsights'
          metricName: 'cogops.operation.completed'
          dimensions: [
            {
              name: 'cogops.status'
              operator: 'Include'
              values: [
                'Failed'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: failedOperationsThreshold
          timeAggregation: 'Total'
          // The metric exists only once the app has emitted it.
          skipMetricValidation: true
        }
      ]
    }
    actions: actions
  }
}

resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'cogops-dead-letters-${serviceBusNamespaceName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'cognitive-ops: messages are waiting in a dead-letter queue (see GET /api/deadletters).'
    severity: 2
    enabled: true
    scopes: [
      namespace.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'deadlettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: actions
  }
}

resource pollerLag 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'cogops-poller-lag-${applicationInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'cognitive-ops: due status checks wait too long for the poller (metric cogops.poller.lag).'
    severity: 3
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'lag'
          metricNamespace: 'azure.applicationinsights'
          metricName: 'cogops.poller.lag'
          operator: 'GreaterThan'
          threshold: pollerLagThresholdSeconds
          timeAggregation: 'Maximum'
          skipMetricValidation: true
        }
      ]
    }
    actions: actions
  }
}
