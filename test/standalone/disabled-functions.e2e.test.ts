import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMANDS_QUEUE } from '../../src/config/names.js';
import { SEED } from '../../src/simulator/seed.js';
import { localBusOf } from '../harness/event-tap.js';
import { endpointTarget, getOperation, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

/**
 * `AzureWebJobs.<name>.Disabled`, Azure's app setting that turns one function off, holds under the
 * standalone host too: an operator pausing the executor gets commands accepted and queued, not run.
 */
const get = useStandaloneHost({
  settings: {
    AzureWebJobs_executeCommand_Disabled: 'true',
    'AzureWebJobs.listAliases.Disabled': 'True',
    // Any other value leaves the function on, as under the Functions host.
    'AzureWebJobs.health.Disabled': 'no',
  },
});

describe('functions disabled by app setting', () => {
  it('accepts commands but leaves them queued while the executor is disabled', async () => {
    const accepted = await submitCommand(get(), {
      action: 'status-check',
      target: endpointTarget(SEED.endpointId),
    });
    const bus = localBusOf(get().host);
    await waitFor(() => bus.stats({ queue: DEFAULT_COMMANDS_QUEUE }).active === 1, {
      what: 'the command on the queue',
    });
    // A running executor takes a queued command within milliseconds; this one stays.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(bus.stats({ queue: DEFAULT_COMMANDS_QUEUE })).toMatchObject({ active: 1, locked: 0 });
    expect((await getOperation(get(), accepted.id)).status).toBe('NotStarted');
    expect(get().logs.join('\n')).toContain(
      'executeCommand is disabled (AzureWebJobs.executeCommand.Disabled)',
    );
  });

  it('answers 404 on the route of a disabled HTTP function, and serves the others', async () => {
    expect((await get().api('/api/aliases')).status).toBe(404);
    expect((await get().api('/api/health')).status).toBe(200);
  });
});
