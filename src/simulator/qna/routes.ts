import type { RouteMatcher } from '../http/route.js';
import { jsonResponse, serviceError } from '../http/response.js';
import type { SimulatorContext } from '../state.js';
import { QNA_API_VERSION, QNA_PROJECT_NAME_PATTERN, qnaJobBody } from './model.js';

const SERVICE = 'qna' as const;

const PREFIX = ['language', 'authoring', 'query-knowledgebases', 'projects'] as const;

/** `/language/authoring/query-knowledgebases/projects/{projectName}/qnas/jobs/{jobId}` (GET). */
export function qnaRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (segments.length !== 8 || PREFIX.some((part, index) => segments[index] !== part)) return undefined;
    if (segments[5] !== 'qnas' || segments[6] !== 'jobs') return undefined;
    const projectName = segments[4] ?? '';
    const jobId = segments[7] ?? '';
    return {
      service: SERVICE,
      methods: ['GET'],
      handle: (request) => {
        const apiVersion = request.url.searchParams.get('api-version');
        if (apiVersion !== QNA_API_VERSION) {
          return serviceError(
            SERVICE,
            400,
            'invalidInput',
            apiVersion
              ? `The api-version is not supported; use ${QNA_API_VERSION}.`
              : 'The api-version query parameter is required.',
            { target: 'api-version' },
          );
        }
        if (!QNA_PROJECT_NAME_PATTERN.test(projectName)) {
          return serviceError(
            SERVICE,
            400,
            'invalidInput',
            'The project name must be 1-100 letters, digits and dashes, starting and ending with a letter or digit.',
            { target: 'projectName' },
          );
        }
        if (jobId === '') {
          return serviceError(SERVICE, 400, 'invalidInput', 'The job id is required.', { target: 'jobId' });
        }
        const project = context.state.qnaProjects.get(projectName);
        if (!project) {
          return serviceError(SERVICE, 404, 'notFound', `Project ${projectName} was not found.`, {
            target: 'projectName',
          });
        }
        const job = project.get(jobId);
        if (!job) {
          return serviceError(
            SERVICE,
            404,
            'notFound',
            `Job ${jobId} was not found in project ${projectName}.`,
            {
              target: 'jobId',
            },
          );
        }
        return jsonResponse(200, qnaJobBody(job, request.nowMs));
      },
    };
  };
}
