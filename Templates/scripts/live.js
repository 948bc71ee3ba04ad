/* LRLab `report serve`: follows a running run on its page. The server adds this script only to the
   pages it serves for runs whose run.json says `running`; built files opened from disk never load it.
   It listens to /_live/<run> (server-sent events: `header` and `rows` of metrics.csv, `reset`,
   `status`), redraws the run's plot from the rows (axes grow to fit, the hover values follow
   through plot.js's `lrlab-plot-data` event), shows the latest rows in a table, and closes the
   stream once the status is no longer `running`. */
(function () {
  'use strict';
  var tag = document.currentScript;
  if (!tag || !/^https?:$/.test(location.protocol) || typeof EventSource === 'undefined') return;
  var slug = tag.getAttribute('data-live-run');
  var card = document.querySelector('.run-card');
  if (!slug || !card) return;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var SERIES_COLUMNS = { 'loss': 'loss', 'smoothed loss': 'smooth_loss' };
  var POINT_LIMIT = 5000, TABLE_ROWS = 10;

  var header = [], rows = [], pending = null;
  var figure = card.querySelector('figure.plot-interactive');
  var source = figure && figure.querySelector('script.plot-data');
  var svg = figure && figure.querySelector('svg');

  var panel = document.createElement('section');
  panel.className = 'live-run';
  panel.setAttribute('data-state', 'connecting');
  var state = document.createElement('p');
  state.className = 'live-state';
  state.setAttribute('role', 'status');
  state.textContent = 'Connecting to the running run…';
  var table = document.createElement('table');
  table.className = 'live-metrics';
  var caption = table.createCaption();
  var head = table.createTHead(), body = table.createTBody();
  var wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.appendChild(table);
  panel.appendChild(state);
  panel.appendChild(wrap);
  var anchor = (figure && figure.nextSibling) || card.querySelector('.settings');
  card.insertBefore(panel, anchor || null);

  function column(name) { return header.indexOf(name); }

  function parseRow(line) {
    return line.split(',').map(function (field) {
      if (field === 'inf') return Infinity;
      if (field === '-inf') return -Infinity;
      return Number(field);
    });
  }

  function format(value) {
    if (!isFinite(value)) return String(value).replace('Infinity', 'inf').replace('NaN', 'nan');
    if (Number.isInteger(value)) return String(value);
    return String(Number(value.toPrecision(4)));
  }

  function renderTable() {
    head.textContent = '';
    var headRow = head.insertRow();
    header.forEach(function (name) {
      var cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = name;
      headRow.appendChild(cell);
    });
    body.textContent = '';
    rows.slice(-TABLE_ROWS).forEach(function (values) {
      var row = body.insertRow();
      values.forEach(function (value) {
        var cell = row.insertCell();
        cell.className = 'num';
        cell.textContent = format(value);
      });
    });
    caption.textContent = 'Latest rows of metrics.csv (' + rows.length + ' in all)';
    panel.setAttribute('data-rows', String(rows.length));
  }

  function toScale(axis, value) {
    if (value === null || !isFinite(value)) return null;
    if (axis.scale === 'log10') return value > 0 ? Math.log(value) / Math.LN10 : null;
    return value;
  }

  /** Tick positions in scale units: whole decades on a log axis, 1/2/5 steps on a linear one. */
  function ticks(axis) {
    var low = axis.domain[0], high = axis.domain[1], out = [], k;
    if (axis.scale === 'log10') {
      for (k = Math.ceil(low); k <= Math.floor(high); k++) out.push(k);
      return out;
    }
    var span = high - low, magnitude = Math.pow(10, Math.floor(Math.log(span / 5) / Math.LN10));
    var step = [1, 2, 5, 10].map(function (m) { return m * magnitude; }).filter(function (s) { return span / s <= 6; })[0];
    for (k = Math.ceil(low / step); k * step <= high + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
    return out;
  }

  function tickLabel(axis, value) {
    return axis.scale === 'log10' ? '1e' + value : String(Number(value.toPrecision(3)));
  }

  /** Grows `axis.domain` (scale units) to hold `values`; true when it changed. */
  function grow(axis, values) {
    var low = Infinity, high = -Infinity;
    values.forEach(function (value) {
      var t = toScale(axis, value);
      if (t === null) return;
      if (t < low) low = t;
      if (t > high) high = t;
    });
    if (low === Infinity || (low >= axis.domain[0] && high <= axis.domain[1])) return false;
    var step = axis.scale === 'log10' ? 0.5 : Math.pow(10, Math.floor(Math.log(Math.max(high - low, 1e-9)) / Math.LN10)) / 2;
    axis.domain = [Math.min(axis.domain[0], Math.floor(low / step) * step), Math.max(axis.domain[1], Math.ceil(high / step) * step)];
    return true;
  }

  function redrawAxes(data) {
    var f = data.frame;
    function px(t) { return f[0] + (t - data.x.domain[0]) / (data.x.domain[1] - data.x.domain[0]) * (f[2] - f[0]); }
    function py(t) { return f[3] - (t - data.y.domain[0]) / (data.y.domain[1] - data.y.domain[0]) * (f[3] - f[1]); }
    var xs = ticks(data.x), ys = ticks(data.y), round = function (v) { return Math.round(v * 100) / 100; };
    var grid = '', marks = '', minor = '', minorMarks = '';
    xs.forEach(function (t) { grid += 'M' + round(px(t)) + ' ' + f[1] + 'V' + f[3]; marks += 'M' + round(px(t)) + ' ' + f[3] + 'l0 5'; });
    ys.forEach(function (t) { grid += 'M' + f[0] + ' ' + round(py(t)) + 'H' + f[2]; marks += 'M' + f[0] + ' ' + round(py(t)) + 'l-5 0'; });
    if (data.x.scale === 'log10') {
      for (var k = Math.floor(data.x.domain[0]); k < data.x.domain[1]; k++) {
        for (var m = 2; m < 10; m++) {
          var t = k + Math.log(m) / Math.LN10;
          if (t <= data.x.domain[0] || t >= data.x.domain[1]) continue;
          minor += 'M' + round(px(t)) + ' ' + f[1] + 'V' + f[3];
          minorMarks += 'M' + round(px(t)) + ' ' + f[3] + 'l0 3';
        }
      }
    }
    var set = function (selector, d) { var element = svg.querySelector(selector); if (element) element.setAttribute('d', d); };
    set('.lrc-grid', grid);
    set('.lrc-grid-minor', minor);
    set('.lrc-ticks', marks + minorMarks);
    var labels = svg.querySelector('.lrc-tick-labels');
    if (labels) {
      labels.textContent = '';
      var add = function (x, y, anchor, text) {
        var label = document.createElementNS(SVG_NS, 'text');
        label.setAttribute('x', round(x));
        label.setAttribute('y', round(y));
        label.setAttribute('text-anchor', anchor);
        label.textContent = text;
        labels.appendChild(label);
      };
      xs.forEach(function (t) { add(px(t), f[3] + 18.6, 'middle', tickLabel(data.x, t)); });
      ys.forEach(function (t) { add(f[0] - 9, py(t) + 4.2, 'end', tickLabel(data.y, t)); });
    }
    var frame = svg.querySelector('.lrc-frame');
    if (frame) {
      frame.setAttribute('data-x-domain', data.x.domain.join(' '));
      frame.setAttribute('data-y-domain', data.y.domain.join(' '));
    }
    // Markers (suggestions) belong to the finished run; their positions no longer hold.
    Array.prototype.forEach.call(svg.querySelectorAll('.lrc-marker'), function (marker) { marker.style.display = 'none'; });
  }

  function redrawPlot() {
    if (!figure || !source || !svg) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (error) { return; }
    var xName = (data.points && data.points.x) || (/learning rate|\blr\b/i.test(data.x.label) ? 'lr' : 'iteration');
    var xColumn = column(xName), lrColumn = column('lr'), iterationColumn = column('iteration');
    if (xColumn < 0) return;
    var picked = [], count = rows.length, i;
    if (count <= POINT_LIMIT) for (i = 0; i < count; i++) picked.push(rows[i]);
    else for (i = 0; i < POINT_LIMIT; i++) picked.push(rows[Math.floor(i * (count - 1) / (POINT_LIMIT - 1))]);
    var pick = function (index) { return picked.map(function (row) { return index < 0 ? null : row[index]; }); };
    var xs = pick(xColumn);
    var groups = Array.prototype.slice.call(svg.querySelectorAll('g.lrc-series')).filter(function (group) {
      return column(SERIES_COLUMNS[group.getAttribute('data-name')]) >= 0;
    });
    if (!groups.length) return;
    var names = groups.map(function (group) { return group.getAttribute('data-name'); });
    var guide = pick(column(names.indexOf('smoothed loss') >= 0 ? 'smooth_loss' : 'loss'));
    var first = guide.filter(function (v) { return isFinite(v); })[0];
    // A diverging loss leaves the plot at the top, as the recorded chart clips it.
    var growY = first > 0 ? guide.filter(function (v) { return v <= first * 1.5; }) : guide;
    var changed = grow(data.x, xs);
    changed = grow(data.y, growY) || changed;
    if (changed) redrawAxes(data);
    var f = data.frame;
    var series = {};
    groups.forEach(function (group) {
      var name = group.getAttribute('data-name'), values = pick(column(SERIES_COLUMNS[name]));
      series[name] = values.map(function (v) { return isFinite(v) ? v : null; });
      var d = '', drawing = false;
      for (var j = 0; j < values.length; j++) {
        var tx = toScale(data.x, xs[j]), ty = toScale(data.y, values[j]);
        if (tx === null || ty === null) { drawing = false; continue; }
        var x = f[0] + (tx - data.x.domain[0]) / (data.x.domain[1] - data.x.domain[0]) * (f[2] - f[0]);
        var y = f[3] - (ty - data.y.domain[0]) / (data.y.domain[1] - data.y.domain[0]) * (f[3] - f[1]);
        y = Math.max(f[1], Math.min(f[3], y));
        d += (drawing ? 'L' : 'M') + Math.round(x * 100) / 100 + ' ' + Math.round(y * 100) / 100;
        drawing = true;
      }
      var path = group.querySelector('path');
      if (path) path.setAttribute('d', d);
      Array.prototype.forEach.call(group.querySelectorAll('circle'), function (dot) { dot.parentNode.removeChild(dot); });
    });
    data.points = { x: xName, lr: pick(lrColumn), iteration: pick(iterationColumn), series: series };
    source.textContent = JSON.stringify(data);
    figure.setAttribute('data-live-points', String(xs.length));
    var event;
    try { event = new CustomEvent('lrlab-plot-data'); } catch (error) { return; }
    figure.dispatchEvent(event);
  }

  function schedule() {
    if (pending !== null) return;
    pending = setTimeout(function () {
      pending = null;
      renderTable();
      redrawPlot();
    }, 50);
  }

  function showStatus(status) {
    var badge = card.querySelector('.run-title .status');
    if (badge) {
      badge.textContent = status;
      badge.className = 'status status-' + status.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    }
    if (status === 'running') {
      panel.setAttribute('data-state', 'live');
      state.textContent = RUNNING_TEXT;
      return;
    }
    stream.close();
    clearInterval(staleCheck);
    panel.setAttribute('data-state', 'ended');
    state.textContent = 'The run ended (' + status + '). ';
    var reload = document.createElement('a');
    reload.href = location.pathname;
    reload.textContent = 'Reload for its final page.';
    state.appendChild(reload);
  }

  var RUNNING_TEXT = 'Running: the plot and table follow metrics.csv as rows arrive.';
  var lastRowAt = Date.now();
  // A run killed without a word stays `running` in its run.json: say so once rows stop coming.
  var staleCheck = setInterval(function () {
    if (panel.getAttribute('data-state') !== 'live') return;
    var minutes = Math.floor((Date.now() - lastRowAt) / 60000);
    state.textContent = minutes < 2 ? RUNNING_TEXT
      : 'No new rows for ' + minutes + ' minutes: the run may have stopped without finishing.';
  }, 15000);

  var stream = new EventSource('/_live/' + encodeURIComponent(slug));
  stream.addEventListener('header', function (event) { header = event.data.split(','); rows = []; schedule(); });
  stream.addEventListener('rows', function (event) {
    event.data.split('\n').forEach(function (line) { if (line) rows.push(parseRow(line)); });
    lastRowAt = Date.now();
    schedule();
  });
  stream.addEventListener('reset', function () { header = []; rows = []; schedule(); });
  stream.addEventListener('status', function (event) { showStatus(event.data); });
  stream.addEventListener('error', function () {
    if (stream.readyState === EventSource.CLOSED && panel.getAttribute('data-state') !== 'ended') {
      panel.setAttribute('data-state', 'closed');
      clearInterval(staleCheck);
      state.textContent = 'Not following the run: the server is gone or no longer sees it running.';
    } else if (stream.readyState === EventSource.CONNECTING) {
      state.textContent = 'Reconnecting to the server…';
    }
  });
})();
