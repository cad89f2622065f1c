import type { Alias, DeadLetter, Operation, Override, SavingsReport, Schedule } from './resources.js';

/** Human output of the CLI: plain text, no colours, stable enough to read in a CI log. */

/** `12 s`, `5 min`, `3 h`, `2 d`: how long ago, in the largest unit that fits. */
export function formatAge(fromIso: string, nowInMs: number): string {
  const seconds = Math.max(0, Math.round((nowInMs - Date.parse(fromIso)) / 1000));
  if (Number.isNaN(seconds)) return '?';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** `customvoice-endpoint simulator/9f50...`: the kind, the resource and what identifies the target. */
export function describeTarget(target: Operation['target']): string {
  const { kind, resource, ...rest } = target;
  const ids = Object.values(rest).map(String).join('/');
  return `${kind} ${resource ?? '?'}${ids ? `/${ids}` : ''}`;
}

export function formatOperation(operation: Operation, nowInMs: number): string {
  const rows: Array<[string, string]> = [
    ['action', operation.action],
    ['target', describeTarget(operation.target)],
    ['created', `${operation.createdDateTime} (${formatAge(operation.createdDateTime, nowInMs)} ago)`],
    ['last action', operation.lastActionDateTime],
  ];
  const upstream = operation.upstream;
  if (upstream?.status || upstream?.operationId) {
    rows.push([
      'service',
      [upstream.status, upstream.operationId && `operation ${upstream.operationId}`]
        .filter(Boolean)
        .join(', '),
    ]);
  }
  if (operation.result && Object.keys(operation.result).length > 0) {
    rows.push(['result', formatFields(operation.result)]);
  }
  if (operation.error) rows.push(['error', `${operation.error.code}: ${operation.error.message}`]);
  for (const detail of operation.error?.details ?? []) rows.push(['', `${detail.code}: ${detail.message}`]);
  return [`Operation ${operation.id}: ${operation.status}`, ...table(rows, '  ')].join('\n');
}

export function formatOperationList(operations: Operation[], nowInMs: number, more: boolean): string {
  if (operations.length === 0) return 'No operations.';
  const lines = columns([
    ['ID', 'STATUS', 'ACTION', 'TARGET', 'AGE'],
    ...operations.map((o) => [
      o.id,
      o.status,
      o.action,
      describeTarget(o.target),
      formatAge(o.createdDateTime, nowInMs),
    ]),
  ]);
  if (more) lines.push('(more: --all lists every page, --top sets the page size)');
  return lines.join('\n');
}

export function formatAliases(aliases: Alias[]): string {
  if (aliases.length === 0) return 'No endpoint aliases (the app has no ENDPOINT_ALIASES).';
  return columns([
    ['ALIAS', 'RESOURCE', 'ENDPOINT'],
    ...aliases.map((a) => [a.name, a.resource, a.endpointId]),
  ]).join('\n');
}

export function formatSchedules(schedules: Schedule[]): string {
  if (schedules.length === 0) return 'No schedules.';
  return columns([
    ['NAME', 'TIME ZONE', 'ENABLED', 'NOW', 'NEXT SUSPEND (LOCAL)', 'NEXT RESUME (LOCAL)'],
    ...schedules.map((s) => [
      s.name,
      s.timeZone,
      s.enabled ? 'yes' : 'no',
      s.desiredState ?? '-',
      s.next.suspend?.local ?? '-',
      s.next.resume?.local ?? '-',
    ]),
  ]).join('\n');
}

export function formatSchedule(schedule: Schedule): string {
  return [
    `Schedule ${schedule.name}${schedule.enabled ? '' : ' (disabled)'}`,
    ...table(
      [
        ['time zone', schedule.timeZone],
        ['suspend at', schedule.suspendAt],
        ['resume at', schedule.resumeAt],
        ['targets', schedule.targets.map((t) => formatFields(t)).join('; ')],
        ['wants now', schedule.desiredState ?? '-'],
        [
          'next suspend',
          schedule.next.suspend ? `${schedule.next.suspend.local} (${schedule.next.suspend.utc})` : '-',
        ],
        [
          'next resume',
          schedule.next.resume ? `${schedule.next.resume.local} (${schedule.next.resume.utc})` : '-',
        ],
      ],
      '  ',
    ),
  ].join('\n');
}

export function formatOverrides(overrides: Override[]): string {
  if (overrides.length === 0) return 'No active overrides.';
  return columns([
    ['ID', 'HOLD', 'UNTIL (LOCAL)', 'TARGETS'],
    ...overrides.map((o) => [
      o.id,
      o.hold,
      o.untilLocal,
      o.targets ? o.targets.map((t) => formatFields(t)).join('; ') : 'all',
    ]),
  ]).join('\n');
}

export function formatOverride(override: Override, nowInMs: number): string {
  const lines = [`Override ${override.id}: hold ${override.hold} until ${override.untilLocal}`];
  for (const operation of override.operations ?? []) {
    lines.push(
      `  ${operation.action} ${describeTarget(operation.target)}: operation ${operation.id} ${operation.status} (${formatAge(operation.createdDateTime, nowInMs)} ago)`,
    );
  }
  return lines.join('\n');
}

/** One bar per target, scaled to the days of the report (a full bar is suspended the whole time). */
export function formatReport(report: SavingsReport): string {
  const width = 30;
  const span = report.days * 24;
  const lines = [
    `Schedule ${report.name}: ${round(report.totalSuspendedHours)} h suspended in the last ${report.days} days (${report.from} to ${report.to})`,
  ];
  const rows = report.targets.map((t) => {
    const filled = span > 0 ? Math.round((Math.min(t.suspendedHours, span) / span) * width) : 0;
    return [
      t.aliases.length > 0 ? t.aliases.join(', ') : `${t.resource}/${t.endpointId}`,
      `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`,
      `${round(t.suspendedHours)} h`,
    ];
  });
  lines.push(...columns(rows).map((line) => `  ${line}`));
  if (!report.historyComplete)
    lines.push('  (history too long to read to the end: the hours are a lower bound)');
  return lines.join('\n');
}

/** One row per dead letter, its description under it: what to look at before replaying. */
export function formatDeadLetters(deadLetters: DeadLetter[], nowInMs: number): string {
  if (deadLetters.length === 0) return 'No dead letters.';
  const rows = columns([
    ['ENTITY', 'ID', 'REASON', 'SUBJECT', 'DELIVERIES', 'AGE'],
    ...deadLetters.map((d) => [
      d.entity,
      d.id,
      d.reason,
      d.subject ?? '-',
      String(d.deliveryCount),
      formatAge(d.firstSeenDateTime, nowInMs),
    ]),
  ]);
  const [header, ...lines] = rows;
  return [
    header ?? '',
    ...lines.flatMap((line, index) => {
      const description = deadLetters[index]?.description;
      return description ? [line, `    ${description}`] : [line];
    }),
    '(replay one: cogops deadletters replay <entity> <id>)',
  ].join('\n');
}

function round(hours: number): string {
  return hours.toFixed(hours < 10 ? 2 : 1);
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function table(rows: Array<[string, string]>, indent: string): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`.trimEnd());
}

function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  );
}
