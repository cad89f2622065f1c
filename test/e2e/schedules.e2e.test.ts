import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { operationsForEndpoint, simulatorEndpointStatus, upstreamCalls } from '../harness/endpoint-probes.js';
import { settle } from '../harness/settle.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { useWebhookReceiver } from '../harness/webhook-receiver.js';

/**
 * Issue 4, "Done when": a schedule whose `suspendAt` falls within the next minute suspends the simulator
 * endpoint through the standalone host, with one command and one event.
 */

const TIME_ZONE = 'Europe/Berlin';

const receiver = useWebhookReceiver();

const get = useStandaloneHost({
  get settings() {
    return {
      // Evaluate schedules every second, so an instant a few seconds ahead is acted on promptly.
      SCHEDULE_TIMER: '* * * * * *',
      EVENT_WEBHOOKS: JSON.stringify([{ url: `${receiver().url}/events` }]),
    };
  },
});

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** `+01:00` / `+02:00`. */
  offset: string;
}

/** The wall-clock fields of an instant in a zone, read with `Intl` (independent of the app's own code). */
function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): string => {
    const value = parts.find((p) => p.type === type)?.value;
    if (value === undefined) throw new Error(`no ${type} in ${JSON.stringify(parts)}`);
    return value;
  };
  const zoneName = field('timeZoneName'); // "GMT+01:00", or "GMT" at offset zero
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
    offset: zoneName === 'GMT' ? '+00:00' : zoneName.slice(3),
  };
}

/** `2025-01-15T19:00:00+01:00` for an instant, as the local view of a schedule should read. */
function localIso(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

interface InstantView {
  utc: string;
  local: string;
}

interface ScheduleResource {
  name: string;
  timeZone: string;
  suspendAt: string;
  resumeAt: string;
  next: { suspend: InstantView | null; resume: InstantView | null };
  desiredState: 'running' | 'suspended' | null;
}

function putSchedule(name: string, body: unknown): Promise<Response> {
  return get().api(`/api/schedules/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function eventsForEndpoint(endpointId: string) {
  return receiver().received.filter(
    (r) =>
      (r.json as { data?: { target?: { endpointId?: string } } } | undefined)?.data?.target?.endpointId ===
      endpointId,
  );
}

describe('a schedule through the standalone host', () => {
  it('suspends the endpoint at its local suspendAt instant: one upstream call, one operation, one event', async () => {
    const { admin, host } = get();
    const simulatorUrl = host.simulatorUrl ?? '';
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    expect(await simulatorEndpointStatus(simulatorUrl, endpointId)).toBe('Succeeded');

    // A whole second about twenty seconds ahead (room for a slow machine to create the schedule first),
    // written as the Berlin wall-clock time it is then.
    const suspendInstant = new Date(Math.ceil((Date.now() + 20_000) / 1000) * 1000);
    const at = localParts(suspendInstant, TIME_ZONE);
    const suspendAt = `${Number(at.second)} ${Number(at.minute)} ${Number(at.hour)} ${Number(at.day)} ${Number(at.month)} *`;
    // Noon on the 1st of the month six months on: months away both ways, so it neither fires during the
    // test nor is the latest transition before the suspend.
    const resumeMonth = ((Number(at.month) + 5) % 12) + 1;
    const resumeAt = `0 0 12 1 ${resumeMonth} *`;

    const name = `evening-${endpointId.slice(0, 8)}`;
    const created = await putSchedule(name, {
      targets: [{ resource: 'simulator', endpointId }],
      timeZone: TIME_ZONE,
      suspendAt,
      resumeAt,
    });
    expect(created.status).toBe(201);
    // The schedule must be in place before its instant, or the test proves nothing.
    expect(Date.now()).toBeLessThan(suspendInstant.getTime() - 2_000);

    const before = (await (await get().api(`/api/schedules/${name}`)).json()) as ScheduleResource;
    expect(before).toMatchObject({ name, timeZone: TIME_ZONE, suspendAt, resumeAt, desiredState: 'running' });
    expect(before.next.suspend).toEqual({
      utc: suspendInstant.toISOString(),
      local: localIso(suspendInstant, TIME_ZONE),
    });
    // The resume: noon local on the 1st of that month, the same instant both ways, in the future.
    const nextResume = before.next.resume;
    expect(nextResume).not.toBeNull();
    const resumeInstant = new Date(nextResume!.utc);
    expect(nextResume!.utc).toMatch(/Z$/);
    expect(nextResume!.local).toBe(localIso(resumeInstant, TIME_ZONE));
    expect(nextResume!.local).toMatch(
      new RegExp(`^\\d{4}-${String(resumeMonth).padStart(2, '0')}-01T12:00:00[+-]`),
    );
    expect(resumeInstant.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);

    // Nothing happens before the instant.
    expect(await upstreamCalls(admin, endpointId, 'suspend')).toEqual([]);

    const disabledAt = await waitFor(
      async () => (await simulatorEndpointStatus(simulatorUrl, endpointId)) === 'Disabled' && Date.now(),
      { timeoutInMs: 60_000, intervalInMs: 200, what: `endpoint ${endpointId} to be Disabled` },
    );
    expect(disabledAt).toBeGreaterThanOrEqual(suspendInstant.getTime());

    const operation = await waitFor(
      async () => {
        const [only] = await operationsForEndpoint(host.url, endpointId);
        return only?.status === 'Succeeded' ? only : undefined;
      },
      { what: 'the schedule operation to succeed' },
    );
    await waitFor(() => eventsForEndpoint(endpointId).length > 0, { what: 'the completion event' });

    // More runs of the schedule timer must not act on the same instant again.
    await host.timers.trigger('scheduleTimer');
    await host.timers.trigger('scheduleTimer');
    await settle(host);

    const operations = await operationsForEndpoint(host.url, endpointId);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({
      id: operation.id,
      status: 'Succeeded',
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
      result: { endpointStatus: 'Disabled' },
    });
    // The public resource does not show who asked; the store does: the schedule, by name.
    const stored = await host.services.operations.get(operation.id);
    expect(stored?.record.requestedBy).toMatchObject({ source: 'schedule', principal: name });

    const suspends = await upstreamCalls(admin, endpointId, 'suspend');
    expect(suspends).toHaveLength(1);
    expect(suspends[0]).toMatchObject({ operationId: operation.id, status: 202 });
    expect(Date.parse(suspends[0]!.time)).toBeGreaterThanOrEqual(suspendInstant.getTime());
    expect(await upstreamCalls(admin, endpointId, 'resume')).toEqual([]);

    const events = eventsForEndpoint(endpointId);
    expect(events).toHaveLength(1);
    expect(events[0]!.json).toMatchObject({
      specversion: '1.0',
      type: 'CognitiveOps.Operation.Succeeded',
      subject: operation.id,
      data: { id: operation.id, status: 'Succeeded', action: 'suspend' },
    });
    expect(await simulatorEndpointStatus(simulatorUrl, endpointId)).toBe('Disabled');

    // Once past the instant the schedule wants the endpoint suspended, and its next suspend is a year on.
    const after = (await (await get().api(`/api/schedules/${name}`)).json()) as ScheduleResource;
    expect(after.desiredState).toBe('suspended');
    expect(Date.parse(after.next.suspend!.utc)).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('refuses an unknown time zone with a 400 naming the field, and stores nothing', async () => {
    const name = 'bad-zone';
    const response = await putSchedule(name, {
      targets: [{ alias: 'jessica' }],
      timeZone: 'Europe/Atlantis',
      suspendAt: '0 0 19 * * 1-5',
      resumeAt: '0 0 7 * * 1-5',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; target?: string } };
    expect(body.error.target).toBe('timeZone');
    expect(body.error.message).toContain('Europe/Atlantis');
    expect(response.headers.get('x-ms-error-code')).toBe(body.error.code);

    const lookup = await get().api(`/api/schedules/${name}`);
    expect(lookup.status).toBe(404);
  });
});
