import type {
  DocumentAnalysisSettings,
  EndpointSettings,
  FaceOperationSettings,
  FaultSettings,
  JobDefaultsSettings,
  QnaJobSettings,
  RateLimitBody,
  TextJobSettings,
  TranslationBatchSettings,
} from './admin/schemas.js';
import type { AnalyzeFinalStatus } from './document-intelligence/model.js';
import type { SimulatorRequest } from './request-log.js';
import type { TextJobFinalStatus } from './text-analysis/model.js';
import type { TranslationFinalStatus } from './translator/model.js';

export type {
  DocumentAnalysisSettings,
  EndpointSettings,
  FaceOperationSettings,
  FaultSettings,
  JobDefaultsSettings,
  QnaJobSettings,
  RateLimitBody,
  TextJobSettings,
  TranslationBatchSettings,
} from './admin/schemas.js';
export type { SimulatorRequest } from './request-log.js';

/** A non-2xx answer of the admin API. */
export class SimulatorAdminError extends Error {
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SimulatorAdminError';
  }
}

/**
 * A typed client of the simulator's admin API (`/_simulator`), for tests and the standalone host.
 * Each `put...` creates or replaces the resource and returns its body as the service would answer it now.
 */
export class SimulatorAdmin {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Creates or updates a custom voice endpoint; returns its `Endpoint` body. */
  putEndpoint(id: string, body: EndpointSettings = {}): Promise<Record<string, unknown>> {
    return this.send('PUT', `customvoice/endpoints/${encodeURIComponent(id)}`, body);
  }

  /** Creates or replaces a Face operation; returns its `OperationStatus` body. */
  putFaceOperation(id: string, body: FaceOperationSettings = {}): Promise<Record<string, unknown>> {
    return this.send('PUT', `face/operations/${encodeURIComponent(id)}`, body);
  }

  /** Creates or replaces a QnA update job; returns its job state body. */
  putQnaJob(projectName: string, jobId: string, body: QnaJobSettings = {}): Promise<Record<string, unknown>> {
    return this.send(
      'PUT',
      `qna/projects/${encodeURIComponent(projectName)}/jobs/${encodeURIComponent(jobId)}`,
      body,
    );
  }

  /** How Document Intelligence analyze operations started from now on progress. */
  putDocumentAnalysisDefaults(
    body: JobDefaultsSettings<AnalyzeFinalStatus>,
  ): Promise<Record<string, unknown>> {
    return this.send('PUT', 'documentintelligence/defaults', body);
  }

  /** Changes (or creates) one analyze operation; returns its `AnalyzeOperation` body. */
  putDocumentAnalysis(
    resultId: string,
    body: DocumentAnalysisSettings = {},
  ): Promise<Record<string, unknown>> {
    return this.send('PUT', `documentintelligence/analyzeResults/${encodeURIComponent(resultId)}`, body);
  }

  /** How document translation batches started from now on progress. */
  putTranslationDefaults(
    body: JobDefaultsSettings<TranslationFinalStatus>,
  ): Promise<Record<string, unknown>> {
    return this.send('PUT', 'translator/defaults', body);
  }

  /** Changes (or creates) one translation batch; returns its `TranslationStatus` body. */
  putTranslationBatch(id: string, body: TranslationBatchSettings = {}): Promise<Record<string, unknown>> {
    return this.send('PUT', `translator/batches/${encodeURIComponent(id)}`, body);
  }

  /** How Language analyze-text jobs started from now on progress. */
  putTextJobDefaults(body: JobDefaultsSettings<TextJobFinalStatus>): Promise<Record<string, unknown>> {
    return this.send('PUT', 'language/defaults', body);
  }

  /** Changes (or creates) one analyze-text job; returns its `AnalyzeTextJobState` body. */
  putTextJob(jobId: string, body: TextJobSettings = {}): Promise<Record<string, unknown>> {
    return this.send('PUT', `language/jobs/${encodeURIComponent(jobId)}`, body);
  }

  /** The next `count` matching requests fail with `status`. */
  async addFault(fault: FaultSettings): Promise<void> {
    await this.send('POST', 'faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.send('DELETE', 'faults');
  }

  /** Service requests beyond `requestsPerSecond` (all routes together) answer 429 with `Retry-After`. */
  async setRateLimit(body: RateLimitBody): Promise<void> {
    await this.send('PUT', 'rate-limit', body);
  }

  async clearRateLimit(): Promise<void> {
    await this.send('DELETE', 'rate-limit');
  }

  /** Every non-admin request since the start (or the last clear), in order. */
  requests(): Promise<SimulatorRequest[]> {
    return this.send('GET', 'requests');
  }

  async clearRequests(): Promise<void> {
    await this.send('DELETE', 'requests');
  }

  /** Forgets all resources, operations, faults and requests, and seeds again if the simulator was seeded. */
  async reset(): Promise<void> {
    await this.send('POST', 'reset');
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_simulator/${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new SimulatorAdminError(
        `Simulator admin ${method} /_simulator/${path} answered ${response.status}: ${text}`,
        response.status,
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
