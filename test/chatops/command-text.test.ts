import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/chatops/command-text.js';

describe('parseCommandText', () => {
  it('reads the three commands, whatever the case and spacing', () => {
    expect(parseCommandText('suspend jessica')).toEqual({ verb: 'suspend', alias: 'jessica' });
    expect(parseCommandText('  RESUME   Jessica  ')).toEqual({ verb: 'resume', alias: 'jessica' });
    expect(parseCommandText('Status\tjessica')).toEqual({ verb: 'status', subject: 'jessica' });
  });

  it('keeps an operation id as typed (ids are case-sensitive)', () => {
    expect(parseCommandText('status Nightly-Run.42')).toEqual({ verb: 'status', subject: 'Nightly-Run.42' });
  });

  it('answers help for help, an empty text, an unknown verb and a malformed command', () => {
    expect(parseCommandText('help')).toEqual({ verb: 'help' });
    expect(parseCommandText('   ')).toEqual({ verb: 'help' });
    expect(parseCommandText('reboot jessica')).toEqual({
      verb: 'help',
      problem: { kind: 'unknown-verb', word: 'reboot' },
    });
    expect(parseCommandText('suspend')).toEqual({
      verb: 'help',
      problem: { kind: 'missing-argument', verb: 'suspend' },
    });
    expect(parseCommandText('resume jessica now')).toEqual({
      verb: 'help',
      problem: { kind: 'extra-words', verb: 'resume' },
    });
  });
});
