import { describe, expect, it } from 'vitest';
import { isFunctionDisabled } from '../../src/standalone/disabled-functions.js';

/** The switch as the Functions host reads it (WebJobs SDK, `HostListenerFactory.IsDisabled`). */
describe('AzureWebJobs.<name>.Disabled', () => {
  it('turns a function off with "true" or "1" in any case, and leaves it on otherwise', () => {
    expect(isFunctionDisabled('executeCommand', { 'AzureWebJobs.executeCommand.Disabled': 'TRUE' })).toBe(
      true,
    );
    expect(isFunctionDisabled('executeCommand', { 'AzureWebJobs.executeCommand.Disabled': '1' })).toBe(true);
    expect(isFunctionDisabled('executeCommand', { 'AzureWebJobs.executeCommand.Disabled': 'yes' })).toBe(
      false,
    );
    expect(isFunctionDisabled('executeCommand', { 'AzureWebJobs.pollOperations.Disabled': 'true' })).toBe(
      false,
    );
  });

  it('reads the underscore form a Linux shell can export', () => {
    expect(isFunctionDisabled('executeCommand', { AzureWebJobs_executeCommand_Disabled: 'true' })).toBe(true);
  });
});
