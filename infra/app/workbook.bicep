// An Azure Monitor workbook over the app's Application Insights: operations by status over time,
// upstream 429/5xx, the slowest operations and hours suspended per endpoint. Its queries read the
// OpenTelemetry metrics (customMetrics) and log records (traces) the app emits; see README, Observability.
// Checked against the Microsoft.Insights/workbooks schema and the KQL reference only: nothing deployed.
param applicationInsightsName string
param location string
param tags object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var operationsByStatus = '''
customMetrics
| where name == "cogops.operation.completed"
| extend status = tostring(customDimensions["cogops.status"])
| summarize operations = sum(valueSum) by status, bin(timestamp, 1h)
| render timechart
'''

var upstreamThrottlingAndErrors = '''
customMetrics
| where name == "cogops.upstream.requests"
| extend code = toint(customDimensions["http.response.status_code"]), service = tostring(customDimensions["cogops.service"])
| where code == 429 or code >= 500 or code == 0
| summarize requests = sum(valueSum) by series = strcat(service, " ", code), bin(timestamp, 15m)
| render timechart
'''

var slowestOperations = '''
traces
| where isnotempty(customDimensions["cogops.operation.id"])
| summarize started = min(timestamp), ended = max(timestamp), action = any(tostring(customDimensions["cogops.action"])),
    kind = any(tostring(customDimensions["cogops.target.kind"])), resource = any(tostring(customDimensions["cogops.resource"]))
    by operationId = tostring(customDimensions["cogops.operation.id"])
| extend seconds = datetime_diff("second", ended, started)
| top 20 by seconds desc
'''

var hoursSuspended = '''
traces
| where tostring(customDimensions["cogops.target.kind"]) == "customvoice-endpoint"
    and tostring(customDimensions["cogops.status"]) == "Succeeded"
    and isnotempty(customDimensions["cogops.target.id"])
| extend endpoint = tostring(customDimensions["cogops.target.id"]), action = tostring(customDimensions["cogops.action"])
| where action in ("suspend", "resume")
| order by endpoint asc, timestamp asc
| extend until = iff(next(endpoint) == endpoint, next(timestamp), now())
| where action == "suspend"
| summarize hoursSuspended = round(sum(datetime_diff("minute", until, timestamp)) / 60.0, 1) by endpoint
| order by hoursSuspended desc
'''

func queryItem(name string, title string, query string, visualization string) object => {
  type: 3
  name: name
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    timeContext: {
      durationMs: 604800000
    }
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: visualization
  }
}

var workbookContent = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      name: 'intro'
      content: {
        json: '## cognitive-ops\nOperations, upstream calls and savings of the last 7 days.'
      }
    }
    queryItem('operations-by-status', 'Operations by status', operationsByStatus, 'timechart')
    queryItem('upstream-429-5xx', 'Upstream 429 / 5xx / no answer', upstreamThrottlingAndErrors, 'timechart')
    queryItem('slowest-operations', 'Slowest operations', slowestOperations, 'table')
    queryItem('hours-suspended', 'Hours suspended per endpoint', hoursSuspended, 'barchart')
  ]
  fallbackResourceIds: [
    applicationInsights.id
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID; this one is stable per Application Insights resource.
  name: guid(applicationInsights.id, 'cognitive-ops-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'cognitive-ops'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbookContent)
  }
}

output workbookId string = workbook.id
