/**
 * Dependency rules of the layers (README, "Dependency rules"); `npm run lint` fails on any violation.
 * Paths are relative to the repository root; only `src/` is checked.
 */
const EDGES = '^src/(functions|http|standalone|composition|chatops|index\\.ts)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'The domain holds rules only: it imports no client, bus, storage, HTTP, engine, kind, trigger or Azure SDK.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(clients|bus|storage|http|functions|engine|kinds|pipeline|composition|standalone|chatops|schedules|webhooks|config|simulator)/',
          'node_modules/@azure/',
        ],
      },
    },
    {
      name: 'engine-knows-no-kind',
      comment: 'The engine drives operation kinds through their interface; it imports no service folder.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/kinds/' },
    },
    {
      name: 'kinds-are-separate',
      comment: 'A kind folder imports no other kind folder (shared code lives in src/clients or src/engine).',
      severity: 'error',
      from: { path: '^src/kinds/([^/]+)/' },
      to: { path: '^src/kinds/', pathNot: '^src/kinds/$1/' },
    },
    {
      name: 'kinds-import-no-triggers',
      comment: 'A service folder imports no trigger, host or edge.',
      severity: 'error',
      from: { path: '^src/kinds/' },
      to: { path: ['^src/(functions|http|standalone|composition|chatops|schedules)/', '^src/index\\.ts$'] },
    },
    {
      name: 'only-edges-speak-http',
      comment:
        'Only the edges turn domain errors into HTTP statuses, chat replies or message retries: nothing else imports src/http.',
      severity: 'error',
      from: { pathNot: EDGES },
      to: { path: '^src/http/' },
    },
    {
      name: 'only-hosts-import-triggers',
      comment:
        'Trigger definitions (src/functions) are read by the hosts only (and the telemetry wrapper the hosts put around them), never by the code they call.',
      severity: 'error',
      from: {
        pathNot: '^src/(functions|standalone)/|^src/index\\.ts$|^src/telemetry/instrument-functions\\.ts$',
      },
      to: { path: '^src/functions/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
