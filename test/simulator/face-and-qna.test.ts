import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { call, errorCodeOf, facePath, qnaPath } from './http.js';

// 20x: the seed operations' 3 simulated seconds take 150 ms.
const sim = useSimulator({ timeScale: 20 });

interface FaceBody {
  status: string;
  createdTime: string;
  lastActionTime?: string;
  finishedTime?: string;
  resourceLocation?: string;
  message?: string;
}

interface QnaBody {
  jobId: string;
  status: string;
  createdDateTime: string;
  lastUpdatedDateTime: string;
  expirationDateTime?: string;
  errors: { code: string; message: string }[];
}

const face = async (id: string) => call<FaceBody>(sim.url(), facePath(id));
const qna = async (project: string, job: string) => call<QnaBody>(sim.url(), qnaPath(project, job));

/** Polls until the status is `status`, returning every status seen on the way, in order, without repeats. */
async function statusesUntil(read: () => Promise<string>, status: string): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(
    async () => {
      const current = await read();
      if (seen.at(-1) !== current) seen.push(current);
      return current === status;
    },
    { intervalInMs: 10, what: `status ${status}` },
  );
  return seen;
}

/**
 * Statuses seen must follow `expected` in order, from its first to its last; a short middle step may be
 * missed between two polls (the first status comes from the admin answer, taken at creation).
 */
function expectInOrder(seen: string[], expected: string[]): void {
  expect(seen[0]).toBe(expected[0]);
  expect(seen.at(-1)).toBe(expected.at(-1));
  // Each status occurs once in `expected`, so `seen` is in its order iff this filter gives `seen` back.
  expect(expected.filter((status) => seen.includes(status))).toEqual(seen);
}

async function progression(initial: Record<string, unknown>, read: () => Promise<string>, final: string) {
  const seen = await statusesUntil(read, final);
  return [String(initial.status), ...seen].filter((status, index, all) => status !== all[index - 1]);
}

describe('Face operations', () => {
  it('takes the seed operation to succeeded, with the snapshot as resourceLocation and the times in order', async () => {
    const final = await waitFor(async () => {
      const answer = await face(SEED.faceOperationId);
      return answer.body.status === 'succeeded' ? answer : undefined;
    });
    expect(final.status).toBe(200);
    expect(final.body.resourceLocation).toMatch(/^\/snapshots\/[0-9a-f-]{36}$/);
    expect(final.body.message).toBeUndefined();
    const created = Date.parse(final.body.createdTime);
    expect(Date.parse(final.body.lastActionTime!)).toBeGreaterThanOrEqual(created);
    expect(Date.parse(final.body.finishedTime!)).toBeGreaterThanOrEqual(
      Date.parse(final.body.lastActionTime!),
    );
  });

  it('goes notStarted -> running -> failed, reporting a message and no resourceLocation', async () => {
    const id = randomUUID();
    // Running lasts about 3 s here, so the polls see it; notStarted lasts 50 ms and is read at creation.
    const created = await sim
      .admin()
      .putFaceOperation(id, { status: 'notStarted', completeAfterSeconds: 60, finalStatus: 'failed' });
    const seen = await progression(created, async () => (await face(id)).body.status, 'failed');
    expectInOrder(seen, ['notStarted', 'running', 'failed']);
    expect(seen).toContain('running');
    const final = (await face(id)).body;
    expect(final.message).toEqual(expect.any(String));
    expect(final.resourceLocation).toBeUndefined();
    expect(final.finishedTime).toEqual(expect.any(String));
  });

  it('keeps lastActionTime moving while running and no finishedTime yet', async () => {
    const id = randomUUID();
    await sim.admin().putFaceOperation(id, { status: 'running', completeAfterSeconds: 36_000 });
    const first = (await face(id)).body;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = (await face(id)).body;
    expect(second.status).toBe('running');
    expect(second.finishedTime).toBeUndefined();
    expect(Date.parse(second.lastActionTime!)).toBeGreaterThan(Date.parse(first.lastActionTime!));
  });

  it('reports a given resourceLocation on success', async () => {
    const id = randomUUID();
    const location = '/largepersongroups/target-group';
    await sim.admin().putFaceOperation(id, { status: 'succeeded', resourceLocation: location });
    expect((await face(id)).body).toMatchObject({ status: 'succeeded', resourceLocation: location });
  });

  it('answers 400 for an operationId that is not a UUID and 404 for an unknown one', async () => {
    const malformed = await face('not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(errorCodeOf(malformed)).toBe('BadArgument');
    const unknown = await face(randomUUID());
    expect(unknown.status).toBe(404);
    expect(errorCodeOf(unknown)).toBe('NotFound');
  });
});

describe('question answering update jobs', () => {
  it('takes the seed job to succeeded with no errors', async () => {
    const final = await waitFor(async () => {
      const answer = await qna(SEED.qnaProject, SEED.qnaJob);
      return answer.body.status === 'succeeded' ? answer : undefined;
    });
    expect(final.body).toMatchObject({ jobId: SEED.qnaJob, errors: [] });
    expect(Date.parse(final.body.lastUpdatedDateTime)).toBeGreaterThanOrEqual(
      Date.parse(final.body.createdDateTime),
    );
  });

  it.each([
    ['succeeded', false],
    ['failed', true],
    ['cancelled', false],
    ['partiallyCompleted', true],
  ] as const)('ends a job %s (errors reported: %s)', async (finalStatus, hasErrors) => {
    const job = `job-${finalStatus}-${randomUUID().slice(0, 8)}`;
    const created = await sim
      .admin()
      .putQnaJob('proj-final', job, { status: 'running', completeAfterSeconds: 2, finalStatus });
    const seen = await progression(
      created,
      async () => (await qna('proj-final', job)).body.status,
      finalStatus,
    );
    expect(seen).toEqual(['running', finalStatus]);
    const { errors } = (await qna('proj-final', job)).body;
    expect(errors.length > 0).toBe(hasErrors);
    for (const error of errors) {
      expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('goes cancelling -> cancelled by default, and reports notStarted and running while not over', async () => {
    const cancelling = await sim
      .admin()
      .putQnaJob('proj-cancel', 'c1', { status: 'cancelling', completeAfterSeconds: 2 });
    const cancelSeen = await progression(
      cancelling,
      async () => (await qna('proj-cancel', 'c1')).body.status,
      'cancelled',
    );
    expect(cancelSeen).toEqual(['cancelling', 'cancelled']);
    // Running lasts about 3 s here, so the polls see it; notStarted lasts 50 ms and is read at creation.
    const fresh = await sim.admin().putQnaJob('proj-cancel', 'n1', { completeAfterSeconds: 60 });
    const seen = await progression(
      fresh,
      async () => (await qna('proj-cancel', 'n1')).body.status,
      'succeeded',
    );
    expectInOrder(seen, ['notStarted', 'running', 'succeeded']);
    expect(seen).toContain('running');
  });

  it('keeps answering a job past its expirationDateTime as it is', async () => {
    await sim.admin().putQnaJob('proj-expiry', 'slow', {
      status: 'running',
      completeAfterSeconds: 36_000,
      expiresAfterSeconds: 1,
    });
    const expired = await waitFor(async () => {
      const answer = await qna('proj-expiry', 'slow');
      return Date.parse(answer.body.expirationDateTime!) < Date.now() ? answer : undefined;
    });
    expect(expired.status).toBe(200);
    expect(expired.body.status).toBe('running');
  });

  it('answers 400 for a bad api-version or project name, 404 for an unknown project or job', async () => {
    for (const path of [
      qnaPath('proj1', 'job1', '2021-10-01'),
      `/language/authoring/query-knowledgebases/projects/proj1/qnas/jobs/job1`,
      qnaPath('-proj', 'job1'),
      qnaPath('proj_1', 'job1'),
      qnaPath('p'.repeat(101), 'job1'),
    ]) {
      const answer = await call(sim.url(), path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(errorCodeOf(answer)).toBe('InvalidArgument');
    }
    for (const [project, job] of [
      ['no-such-project', 'job1'],
      [SEED.qnaProject, 'no-such-job'],
    ]) {
      const answer = await qna(project!, job!);
      expect(answer.status).toBe(404);
      expect(errorCodeOf(answer)).toBe('NotFound');
    }
  });
});
