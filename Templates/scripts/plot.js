/* LRLab report: interactive plots. Progressive: without this script the inline SVG reads the same.
   Pointer, touch and arrow keys show the values at the nearest point; the legend and the series
   switches under the plot hide and show series; a run's "raw loss" switch shows the raw curve
   beside the smoothed one. The JSON beside each plot gives the plot frame, the axes and, for a
   run, the recorded points. */
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  /** Two significant digits: plain from 0.01 to 1000, "1.4e-3" outside (as train prints rates). */
  function formatRate(value) {
    if (!isFinite(value)) return String(value);
    if (value === 0) return '0';
    var rounded = Number(value.toExponential(1));
    var magnitude = Math.abs(rounded);
    if (magnitude >= 0.01 && magnitude < 1000) return String(Number(rounded.toPrecision(2)));
    var parts = rounded.toExponential(1).split('e');
    return parts[0].replace(/\.0$/, '') + 'e' + Number(parts[1]);
  }

  /** Three significant digits. */
  function formatValue(value) {
    if (value === null || !isFinite(value)) return value === null ? 'none' : String(value);
    return String(Number(value.toPrecision(3)));
  }

  function formatterFor(axis) {
    if (/learning rate|\blr\b/i.test(axis.label)) return formatRate;
    if (/iteration|batch size|epoch/i.test(axis.label)) return function (v) { return String(Math.round(v)); };
    return axis.scale === 'log10' ? formatRate : formatValue;
  }

  function Mapping(data) {
    var frame = data.frame, x = data.x, y = data.y;
    function toScale(axis, value) {
      if (value === null || !isFinite(value)) return null;
      if (axis.scale === 'log10') return value > 0 ? Math.log(value) / Math.LN10 : null;
      return value;
    }
    function fromScale(axis, value) { return axis.scale === 'log10' ? Math.pow(10, value) : value; }
    this.px = function (value) {
      var t = toScale(x, value);
      return t === null ? null : frame[0] + (t - x.domain[0]) / (x.domain[1] - x.domain[0]) * (frame[2] - frame[0]);
    };
    this.py = function (value) {
      var t = toScale(y, value);
      return t === null ? null : frame[3] - (t - y.domain[0]) / (y.domain[1] - y.domain[0]) * (frame[3] - frame[1]);
    };
    this.dataX = function (px) { return fromScale(x, x.domain[0] + (px - frame[0]) / (frame[2] - frame[0]) * (x.domain[1] - x.domain[0])); };
    this.dataY = function (py) { return fromScale(y, y.domain[0] + (frame[3] - py) / (frame[3] - frame[1]) * (y.domain[1] - y.domain[0])); };
    this.inside = function (py) { return py !== null && py >= frame[1] - 0.5 && py <= frame[3] + 0.5; };
  }

  /** Vertices of a series' path and dots, skipping points cut at the frame's edge. */
  function pointsFromPath(group, mapping, frame) {
    var points = [];
    var onEdge = function (px, py) {
      return Math.abs(px - frame[0]) < 0.02 || Math.abs(px - frame[2]) < 0.02 ||
        Math.abs(py - frame[1]) < 0.02 || Math.abs(py - frame[3]) < 0.02;
    };
    Array.prototype.forEach.call(group.querySelectorAll('path'), function (path) {
      var numbers = (path.getAttribute('d') || '').match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) || [];
      for (var i = 0; i + 1 < numbers.length; i += 2) {
        var px = Number(numbers[i]), py = Number(numbers[i + 1]);
        if (!onEdge(px, py)) points.push({ px: px, py: py, x: mapping.dataX(px), y: mapping.dataY(py) });
      }
    });
    Array.prototype.forEach.call(group.querySelectorAll('circle'), function (dot) {
      var px = Number(dot.getAttribute('cx')), py = Number(dot.getAttribute('cy'));
      points.push({ px: px, py: py, x: mapping.dataX(px), y: mapping.dataY(py) });
    });
    points.sort(function (a, b) { return a.px - b.px; });
    return points;
  }

  function pointsFromData(values, data, mapping) {
    var xs = data.points[data.points.x];
    var points = [];
    for (var i = 0; i < values.length; i++) {
      var px = mapping.px(xs[i]);
      if (px === null || values[i] === null) continue;
      points.push({ px: px, py: mapping.py(values[i]), x: xs[i], y: values[i],
        lr: data.points.lr[i], iteration: data.points.iteration[i] });
    }
    points.sort(function (a, b) { return a.px - b.px; });
    return points;
  }

  /** Index of the point whose column is nearest `px` (points sorted by px). */
  function nearest(points, px) {
    var low = 0, high = points.length - 1;
    if (high < 0) return -1;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (points[middle].px < px) low = middle + 1; else high = middle;
    }
    if (low > 0 && Math.abs(points[low - 1].px - px) <= Math.abs(points[low].px - px)) return low - 1;
    return low;
  }

  function paletteClass(element) {
    var match = /(?:^|\s)(lrc-c\d+)(?:\s|$)/.exec(element.getAttribute('class') || '');
    return match ? match[1] : null;
  }

  function setUp(figure, figureIndex) {
    var svg = figure.querySelector('svg');
    var source = figure.querySelector('script.plot-data');
    if (!svg || !source) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (error) { return; }
    var mapping = new Mapping(data);
    var formatX = formatterFor(data.x), formatY = formatterFor(data.y);
    var legendEntries = Array.prototype.slice.call(svg.querySelectorAll('.lrc-legend-entry'));
    var series = [];
    Array.prototype.forEach.call(svg.querySelectorAll('g.lrc-series'), function (group, index) {
      var name = group.getAttribute('data-name') || '';
      var recorded = data.points && data.points.series && data.points.series[name];
      var points = recorded ? pointsFromData(recorded, data, mapping) : pointsFromPath(group, mapping, data.frame);
      if (!points.length) return;
      var color = paletteClass(group);
      var related = color ? Array.prototype.slice.call(svg.querySelectorAll('.lrc-band.' + color + ', .lrc-scatter.' + color)) : [];
      var legend = legendEntries.filter(function (entry) {
        var text = entry.querySelector('text');
        return name && text && text.textContent === name;
      })[0] || null;
      series.push({ name: name || 'series ' + (index + 1), group: group, points: points, related: related,
        legend: legend, visible: true, color: color, control: null });
    });
    if (!series.length) return;

    figure.classList.add('plot-live');
    var area = figure.querySelector('.plot-area') || svg.parentNode;
    area.setAttribute('tabindex', '0');
    area.setAttribute('role', 'group');
    area.setAttribute('aria-label', (svg.querySelector('title') || { textContent: 'Plot' }).textContent +
      '. Use the left and right arrow keys to read values along the curve.');

    var tooltip = document.createElement('div');
    tooltip.className = 'plot-tooltip';
    tooltip.setAttribute('role', 'status');
    tooltip.setAttribute('aria-live', 'polite');
    tooltip.hidden = true;
    area.appendChild(tooltip);

    var cursor = document.createElementNS(SVG_NS, 'g');
    cursor.setAttribute('class', 'lrc-cursor');
    cursor.setAttribute('aria-hidden', 'true');
    var rule = document.createElementNS(SVG_NS, 'path');
    rule.setAttribute('class', 'lrc-cursor-rule');
    cursor.appendChild(rule);
    svg.appendChild(cursor);

    function setVisible(entry, visible) {
      entry.visible = visible;
      var hidden = !visible;
      entry.group.classList.toggle('lrc-hidden', hidden);
      entry.related.forEach(function (element) { element.classList.toggle('lrc-hidden', hidden); });
      if (entry.legend) {
        entry.legend.classList.toggle('lrc-off', hidden);
        entry.legend.setAttribute('aria-pressed', String(visible));
      }
      if (entry.control) entry.control.checked = visible;
      if (current !== null) show(current);
    }

    var controls = document.createElement('div');
    controls.className = 'plot-controls';
    var switchName = data['switch'];
    series.forEach(function (entry, index) {
      if (series.length < 2) return;
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.id = 'plot-' + figureIndex + '-series-' + index;
      if (entry.name === switchName) box.setAttribute('role', 'switch');
      box.addEventListener('change', function () { setVisible(entry, box.checked); });
      entry.control = box;
      label.appendChild(box);
      if (entry.color) {
        var swatch = document.createElement('span');
        swatch.className = 'plot-swatch ' + entry.color;
        swatch.setAttribute('aria-hidden', 'true');
        label.appendChild(swatch);
      }
      label.appendChild(document.createTextNode(entry.name === switchName ? 'raw loss' : entry.name));
      controls.appendChild(label);
      if (entry.legend) {
        entry.legend.setAttribute('role', 'button');
        entry.legend.setAttribute('aria-pressed', 'true');
        entry.legend.classList.add('lrc-toggle');
        entry.legend.addEventListener('click', function () { setVisible(entry, !entry.visible); });
      }
    });
    if (controls.childNodes.length) figure.insertBefore(controls, figure.querySelector('figcaption'));

    var current = null;
    /** The visible series with the most points: the one arrow keys step along. */
    function guide() {
      var best = null;
      series.forEach(function (entry) {
        if (entry.visible && (!best || entry.points.length > best.points.length)) best = entry;
      });
      return best;
    }

    function show(px) {
      current = px;
      var shown = series.filter(function (entry) { return entry.visible; });
      if (!shown.length) { hide(); return; }
      var closest = null;
      shown.forEach(function (entry) {
        var point = entry.points[nearest(entry.points, px)];
        if (!closest || Math.abs(point.px - px) < Math.abs(closest.px - px)) closest = point;
      });
      while (cursor.childNodes.length > 1) cursor.removeChild(cursor.lastChild);
      rule.setAttribute('d', 'M' + closest.px + ' ' + data.frame[1] + 'V' + data.frame[3]);
      var lines = [];
      if (closest.lr !== undefined) {
        lines.push(['learning rate', formatRate(closest.lr)]);
        lines.push(['iteration', String(closest.iteration)]);
      } else {
        lines.push([data.x.label || 'x', formatX(closest.x)]);
      }
      shown.forEach(function (entry) {
        var point = entry.points[nearest(entry.points, closest.px)];
        if (Math.abs(point.px - closest.px) > 8) return;
        lines.push([entry.name, formatY(point.y)]);
        if (mapping.inside(point.py)) {
          var dot = document.createElementNS(SVG_NS, 'circle');
          dot.setAttribute('cx', point.px);
          dot.setAttribute('cy', point.py);
          dot.setAttribute('r', '4');
          dot.setAttribute('class', 'lrc-cursor-dot' + (entry.color ? ' ' + entry.color : ''));
          cursor.appendChild(dot);
        }
      });
      tooltip.textContent = '';
      lines.forEach(function (line) {
        var row = document.createElement('div');
        var name = document.createElement('span');
        name.className = 'plot-tooltip-name';
        name.textContent = line[0] + ': ';
        var value = document.createElement('strong');
        value.textContent = line[1];
        row.appendChild(name);
        row.appendChild(value);
        tooltip.appendChild(row);
      });
      tooltip.hidden = false;
      cursor.classList.add('lrc-cursor-on');
      place(closest);
    }

    function place(point) {
      var box = svg.getBoundingClientRect(), areaBox = area.getBoundingClientRect();
      var viewBox = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : null;
      var scaleX = viewBox ? box.width / viewBox.width : 1, scaleY = viewBox ? box.height / viewBox.height : 1;
      var left = box.left - areaBox.left + point.px * scaleX, top = box.top - areaBox.top + data.frame[1] * scaleY;
      var width = tooltip.offsetWidth;
      var x = left + 12 + width > areaBox.width ? left - 12 - width : left + 12;
      tooltip.style.left = Math.max(0, x) + 'px';
      tooltip.style.top = Math.max(0, top) + 'px';
    }

    function hide() {
      current = null;
      tooltip.hidden = true;
      cursor.classList.remove('lrc-cursor-on');
    }

    function pointerX(event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return null;
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return point.matrixTransform(matrix.inverse()).x;
    }

    function track(event) {
      var px = pointerX(event);
      if (px === null || px < data.frame[0] - 4 || px > data.frame[2] + 4) { hide(); return; }
      show(px);
    }
    svg.addEventListener('pointermove', track);
    svg.addEventListener('pointerdown', track);
    svg.addEventListener('pointerleave', function (event) { if (event.pointerType === 'mouse') hide(); });

    area.addEventListener('keydown', function (event) {
      var entry = guide();
      if (!entry) return;
      var index = current === null ? -1 : nearest(entry.points, current);
      var step = event.shiftKey ? Math.max(1, Math.round(entry.points.length / 20)) : 1;
      if (event.key === 'ArrowRight') index = index < 0 ? 0 : Math.min(entry.points.length - 1, index + step);
      else if (event.key === 'ArrowLeft') index = index < 0 ? entry.points.length - 1 : Math.max(0, index - step);
      else if (event.key === 'Home') index = 0;
      else if (event.key === 'End') index = entry.points.length - 1;
      else if (event.key === 'Escape') { hide(); return; }
      else return;
      event.preventDefault();
      show(entry.points[index].px);
    });
    area.addEventListener('blur', hide);

    if (switchName) {
      series.forEach(function (entry) { if (entry.name === switchName) setVisible(entry, false); });
    }

    // `report serve`'s live.js redraws a running run's plot, rewrites the JSON and fires this event.
    figure.addEventListener('lrlab-plot-data', function () {
      try { data = JSON.parse(source.textContent); } catch (error) { return; }
      mapping = new Mapping(data);
      series.forEach(function (entry) {
        var recorded = data.points && data.points.series && data.points.series[entry.name];
        entry.points = recorded ? pointsFromData(recorded, data, mapping) : pointsFromPath(entry.group, mapping, data.frame);
      });
      if (current !== null) show(current);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('figure.plot-interactive'), setUp);
})();
