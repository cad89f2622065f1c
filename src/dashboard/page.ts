import { createHash } from 'node:crypto';
import { DASHBOARD_SCRIPT } from './page-script.js';

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #5d6672; --line: #d8dee4; --bg: #f6f8fa; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 16px; padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 18px; }
header .muted { margin-left: auto; }
main { padding: 8px 24px 32px; display: grid; gap: 16px; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
h2 { font-size: 15px; margin: 0 0 8px; }
h3 { font-size: 13px; margin: 8px 0 4px; color: var(--muted); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 5px 8px; border-top: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); border-top: 0; font-size: 12px; }
td.id code { font-size: 11px; color: var(--muted); }
td.detail { color: var(--muted); }
.muted, .empty { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.status-succeeded { background: #dcfce7; color: #166534; }
.status-failed { background: #fee2e2; color: #991b1b; }
.status-canceled { background: #e5e7eb; color: #374151; }
.status-running { background: #dbeafe; color: #1e40af; }
.status-notstarted { background: #fef9c3; color: #854d0e; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; }
figcaption { font-size: 12px; color: var(--muted); }
svg .bar { fill: var(--accent); }
svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--line); stroke-dasharray: 3 3; }
svg .tick { font-size: 10px; fill: var(--muted); }
#error p { background: #fee2e2; color: #991b1b; padding: 8px 12px; border-radius: 6px; margin: 0; }
button { font: inherit; padding: 3px 10px; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Only this page's own inline script and style may run, and it may talk only to its own origin: a value
 * from the API can never pull in or run anything else.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${sha256(DASHBOARD_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The status page: one static document; its script fills it from the HTTP API. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cognitive-ops status</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>cognitive-ops</h1><span>status</span><span class="muted" id="updated">Loading...</span><button id="refresh" type="button">Refresh</button></header>
<main>
<div id="error"></div>
<section class="card"><h2>Operations</h2><div id="operations"><p class="empty">Loading...</p></div></section>
<section class="card"><h2>Schedules</h2><div id="schedules"><p class="empty">Loading...</p></div></section>
<section class="card"><h2>Active overrides</h2><div id="overrides"><p class="empty">Loading...</p></div></section>
<section class="card"><h2>Savings: hours suspended per endpoint</h2><div id="savings"><p class="empty">Loading...</p></div></section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
