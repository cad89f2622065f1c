/**
 * The status page's browser script, served inline by `GET /api/dashboard`. Plain ES2020 for any current
 * browser, no build step; it reads only the public HTTP API (relative URLs, so it works behind any base
 * path) and builds the DOM with textContent, never innerHTML, so no API value can inject markup.
 * Kept as a string because the app's TypeScript targets Node; the browser test drives it for real.
 */
export const DASHBOARD_SCRIPT = String.raw`
'use strict';
(function () {
  var KEY = new URLSearchParams(location.search).get('code');
  var FAST_REFRESH_MS = 5000;
  var REPORT_REFRESH_MS = 60000;
  var CHART_DAYS = 7;
  var REPORT_DAYS = 30;
  var aliasesByEndpoint = {};
  var lastReportAt = 0;

  function api(path) {
    var headers = { accept: 'application/json' };
    if (KEY) headers['x-functions-key'] = KEY;
    return fetch(path, { headers: headers }).then(function (response) {
      return response.text().then(function (text) {
        var body = text ? JSON.parse(text) : undefined;
        if (!response.ok) {
          var error = (body && body.error) || { code: 'Http' + response.status, message: text };
          throw new Error(response.status + ' ' + error.code + ': ' + error.message);
        }
        return body;
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function replace(id, nodes) {
    var host = document.getElementById(id);
    while (host.firstChild) host.removeChild(host.firstChild);
    nodes.forEach(function (node) { host.appendChild(node); });
  }

  function age(iso) {
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 90) return seconds + ' s ago';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 129600) return Math.round(seconds / 3600) + ' h ago';
    return Math.round(seconds / 86400) + ' d ago';
  }

  function untilText(iso) {
    var seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
    if (seconds < 0) return 'now';
    if (seconds < 90) return 'in ' + seconds + ' s';
    if (seconds < 5400) return 'in ' + Math.round(seconds / 60) + ' min';
    if (seconds < 129600) return 'in ' + Math.round(seconds / 3600) + ' h';
    return 'in ' + Math.round(seconds / 86400) + ' d';
  }

  /** "2026-12-02T19:00:00+01:00" as "Wed 2 Dec 19:00 (UTC+01:00)": the schedule's own wall clock. */
  function localTime(local) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})$/.exec(local);
    if (!m) return local;
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    var weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day.getUTCDay()];
    var month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][+m[2] - 1];
    var offset = m[6] === 'Z' ? 'UTC' : 'UTC' + m[6];
    return weekday + ' ' + +m[3] + ' ' + month + ' ' + m[1] + ', ' + m[4] + ':' + m[5] + ' (' + offset + ')';
  }

  function describeTarget(target) {
    if (target.kind === 'customvoice-endpoint') {
      var alias = aliasesByEndpoint[target.resource + '/' + String(target.endpointId).toLowerCase()];
      if (alias) return alias + ' (' + target.resource + ')';
    }
    var ids = Object.keys(target).filter(function (k) { return k !== 'kind' && k !== 'resource'; })
      .map(function (k) { return target[k]; });
    return target.kind + ' ' + target.resource + '/' + ids.join('/');
  }

  function describeScheduleTarget(target) {
    return target.alias || describeTarget({ kind: 'customvoice-endpoint', resource: target.resource, endpointId: target.endpointId });
  }

  function badge(status) {
    return el('span', { class: 'badge status-' + status.toLowerCase() }, [status]);
  }

  function timeCell(iso, text) {
    return el('time', { datetime: iso, title: iso }, [text]);
  }

  function table(headers, rows, emptyText, attrs) {
    if (rows.length === 0) return [el('p', { class: 'empty' }, [emptyText])];
    return [el('table', attrs || {}, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', {}, [h]); }))]),
      el('tbody', {}, rows),
    ])];
  }

  function renderOperations(operations) {
    operations.sort(function (a, b) { return Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime); });
    var rows = operations.map(function (op) {
      var detail = op.error ? op.error.code + ': ' + op.error.message
        : op.upstream && op.upstream.status ? 'service: ' + op.upstream.status : '';
      return el('tr', { 'data-operation-id': op.id, 'data-status': op.status }, [
        el('td', {}, [badge(op.status)]),
        el('td', {}, [op.action]),
        el('td', {}, [describeTarget(op.target)]),
        el('td', {}, [timeCell(op.createdDateTime, age(op.createdDateTime))]),
        el('td', { class: 'detail' }, [detail]),
        el('td', { class: 'id' }, [el('code', {}, [op.id])]),
      ]);
    });
    replace('operations', table(['Status', 'Action', 'Target', 'Age', 'Detail', 'Id'], rows, 'No operations yet.'));
  }

  function transitionCell(instant) {
    if (!instant) return el('td', {}, ['-']);
    return el('td', { class: 'transition' }, [
      el('time', { datetime: instant.local, title: instant.utc }, [localTime(instant.local)]),
      el('span', { class: 'muted' }, [' ' + untilText(instant.utc)]),
    ]);
  }

  function renderSchedules(schedules) {
    var rows = schedules.map(function (s) {
      return el('tr', { 'data-schedule': s.name }, [
        el('td', {}, [el('strong', {}, [s.name]), s.enabled ? '' : el('span', { class: 'muted' }, [' (disabled)'])]),
        el('td', {}, [s.timeZone]),
        el('td', {}, [s.targets.map(describeScheduleTarget).join(', ')]),
        el('td', {}, [s.desiredState || '-']),
        transitionCell(s.next.suspend),
        transitionCell(s.next.resume),
      ]);
    });
    replace('schedules', table(['Schedule', 'Time zone', 'Targets', 'Wants now', 'Next suspend (local)', 'Next resume (local)'], rows, 'No schedules.'));
  }

  function renderOverrides(entries) {
    var rows = entries.map(function (entry) {
      var o = entry.override;
      return el('tr', { 'data-override-id': o.id }, [
        el('td', {}, [entry.schedule]),
        el('td', {}, ['hold ' + o.hold]),
        el('td', {}, [timeCell(o.until, localTime(o.untilLocal) + ' ' + untilText(o.until))]),
        el('td', {}, [o.targets ? o.targets.map(describeScheduleTarget).join(', ') : 'all targets']),
      ]);
    });
    replace('overrides', table(['Schedule', 'Hold', 'Until (local)', 'Targets'], rows, 'No active overrides.'));
  }

  /** Hours suspended per day for the last CHART_DAYS days, from the cumulative reports of 1..N days. */
  function dailyHours(reports, key) {
    var cumulative = reports.map(function (report) {
      var t = report.targets.filter(function (x) { return x.resource + '/' + x.endpointId === key; })[0];
      return t ? t.suspendedHours : 0;
    });
    return cumulative.map(function (hours, i) { return Math.max(0, hours - (i === 0 ? 0 : cumulative[i - 1])); });
  }

  function chart(label, perDay, totalHours) {
    var width = 280, height = 120, top = 16, bottom = 20, left = 28, barGap = 6;
    var plotHeight = height - top - bottom;
    var barWidth = (width - left - barGap * perDay.length) / perDay.length;
    var children = [
      svg('title', {}, [label + ': hours suspended per day, last ' + perDay.length + ' days']),
      svg('line', { x1: left, y1: top, x2: width, y2: top, class: 'grid' }),
      svg('line', { x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight, class: 'axis' }),
      svg('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', class: 'tick' }, ['24h']),
      svg('text', { x: left - 4, y: top + plotHeight, 'text-anchor': 'end', class: 'tick' }, ['0']),
    ];
    // perDay[0] is the last 24 h; draw oldest first, left to right.
    perDay.slice().reverse().forEach(function (hours, i) {
      var daysAgo = perDay.length - 1 - i;
      var h = Math.min(24, hours) / 24 * plotHeight;
      var x = left + barGap / 2 + i * (barWidth + barGap);
      var end = new Date(Date.now() - daysAgo * 86400000);
      children.push(svg('rect', { x: x, y: top + plotHeight - h, width: barWidth, height: Math.max(h, hours > 0 ? 1 : 0), class: 'bar' }, [
        svg('title', {}, [hours.toFixed(2) + ' h suspended in the 24 h before ' + end.toLocaleString()]),
      ]));
      children.push(svg('text', { x: x + barWidth / 2, y: height - 6, 'text-anchor': 'middle', class: 'tick' },
        [daysAgo === 0 ? 'today' : '-' + daysAgo + 'd']));
    });
    return el('figure', { class: 'chart', 'data-endpoint': label }, [
      svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', 'aria-label': label + ' suspended hours per day' }, children),
      el('figcaption', {}, [el('strong', {}, [label]), ' ' + totalHours.toFixed(1) + ' h suspended in ' + REPORT_DAYS + ' days (' + (totalHours / (REPORT_DAYS * 24) * 100).toFixed(1) + '%)']),
    ]);
  }

  function loadReports(schedules) {
    return Promise.all(schedules.map(function (s) {
      var name = encodeURIComponent(s.name);
      var days = [];
      for (var d = 1; d <= CHART_DAYS; d++) days.push(d);
      return Promise.all(days.concat([REPORT_DAYS]).map(function (d) {
        return api('schedules/' + name + '/report?days=' + d);
      })).then(function (reports) { return { schedule: s.name, reports: reports }; });
    })).then(function (all) {
      var nodes = [];
      all.forEach(function (entry) {
        var month = entry.reports[entry.reports.length - 1];
        var section = el('section', { class: 'report', 'data-report': entry.schedule }, [el('h3', {}, ['Schedule ' + entry.schedule])]);
        var charts = el('div', { class: 'charts' }, []);
        month.targets.forEach(function (t) {
          var key = t.resource + '/' + t.endpointId;
          var label = t.aliases.length ? t.aliases.join(', ') : key;
          charts.appendChild(chart(label, dailyHours(entry.reports.slice(0, CHART_DAYS), key), t.suspendedHours));
        });
        section.appendChild(charts);
        nodes.push(section);
      });
      replace('savings', nodes.length ? nodes : [el('p', { class: 'empty' }, ['No schedules, so nothing saved yet.'])]);
    });
  }

  function showError(error) {
    replace('error', [el('p', { role: 'alert' }, [String(error && error.message || error)])]);
  }

  function refresh() {
    var now = Date.now();
    return api('aliases').then(function (aliases) {
      aliasesByEndpoint = {};
      aliases.value.forEach(function (a) { aliasesByEndpoint[a.resource + '/' + a.endpointId.toLowerCase()] = a.name; });
      return Promise.all([api('operations?top=50'), api('schedules')]);
    }).then(function (results) {
      renderOperations(results[0].value);
      var schedules = results[1].value;
      renderSchedules(schedules);
      var overrides = Promise.all(schedules.map(function (s) {
        return api('schedules/' + encodeURIComponent(s.name) + '/overrides').then(function (page) {
          return page.value.map(function (o) { return { schedule: s.name, override: o }; });
        });
      })).then(function (lists) { renderOverrides([].concat.apply([], lists)); });
      // Reports read the operation history: every minute is enough, and a failed one is retried next time.
      var due = now - lastReportAt >= REPORT_REFRESH_MS;
      if (due) lastReportAt = now;
      var reports = due ? loadReports(schedules).catch(function (error) { lastReportAt = 0; throw error; }) : null;
      return Promise.all([overrides, reports]);
    }).then(function () {
      replace('error', []);
      document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      document.body.setAttribute('data-loaded', String(Date.now()));
    }).catch(showError);
  }

  document.getElementById('refresh').addEventListener('click', function () { lastReportAt = 0; refresh(); });
  refresh();
  setInterval(refresh, FAST_REFRESH_MS);
})();
`;
