/*
 * Plinth console: the per-minute chart of webhook deliveries, drawn as inline SVG from numbers
 * only (no markup from data), so that it needs nothing from another origin and the page's strict
 * Content-Security-Policy holds. window.PlinthChart.draw(series, width) returns an <svg>.
 */
'use strict';

window.PlinthChart = (() => {
  const NS = 'http://www.w3.org/2000/svg';

  /** The lines, in drawing order: the failures last, on top. */
  const LINES = [
    { key: 'received', label: 'Received' },
    { key: 'processed', label: 'Processed' },
    { key: 'failed', label: 'Failed' },
  ];

  const HEIGHT = 200;
  const PAD = { top: 12, right: 12, bottom: 28, left: 40 };

  let ids = 0;

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) {
      e.setAttribute(k, String(v));
    }
    if (text != null) {
      e.textContent = text;
    }
    return e;
  }

  /** The smallest of 2, 4, 6, 10, 20, 40, 60, 100... not below max: its half is a whole number. */
  function niceMax(max) {
    for (let scale = 1; ; scale *= 10) {
      for (const step of [2, 4, 6, 10]) {
        if (step * scale >= max) {
          return step * scale;
        }
      }
    }
  }

  const sum = (values) => values.reduce((a, b) => a + b, 0);

  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

  /** Minutes between the time axis' labels, so that they are at least ~90 pixels apart. */
  function labelStep(minutes, plotWidth) {
    const fits = Math.max(1, Math.floor(plotWidth / 90));
    return [5, 10, 15, 30, 60, 120, 180, 360, 720].find((s) => minutes / s <= fits) || 1440;
  }

  /** A sentence saying what the chart shows, for its description and for screen readers. */
  function summary(series) {
    const totals = LINES.map((l) => `${sum(series[l.key])} ${l.label.toLowerCase()}`).join(', ');
    const received = series.received;
    const peak = Math.max(0, ...received);
    if (peak === 0) {
      return `${totals}.`;
    }
    const at = new Date(Date.parse(series.from) + received.indexOf(peak) * series.stepSeconds * 1000);
    return `${totals}. Busiest minute: ${peak} received at ${clock.format(at)}.`;
  }

  /**
   * The chart of series ({from, stepSeconds, received, processed, failed}: one number a minute,
   * oldest first) at width pixels; its data-* attributes say what it drew.
   */
  function draw(series, width, title) {
    const n = series.received.length;
    const w = Math.max(280, Math.round(width));
    const plotW = w - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const top = niceMax(Math.max(1, ...LINES.map((l) => Math.max(0, ...series[l.key]))));
    const x = (i) => PAD.left + (n <= 1 ? 0 : (i * plotW) / (n - 1));
    const y = (v) => PAD.top + plotH - (v / top) * plotH;
    const id = `chart-${++ids}`;

    const svg = el('svg', {
      xmlns: NS,
      width: w,
      height: HEIGHT,
      viewBox: `0 0 ${w} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      class: 'chart',
      'data-points': n,
      'data-top': top,
    });
    svg.append(el('title', { id: `${id}-title` }, title));
    svg.append(el('desc', { id: `${id}-desc` }, summary(series)));

    // the value axis: 0, half and the top, with grid lines
    const axis = el('g', { class: 'axis', 'aria-hidden': 'true' });
    for (const v of [0, top / 2, top]) {
      axis.append(
        el('line', { x1: PAD.left, x2: w - PAD.right, y1: y(v), y2: y(v), class: v ? 'grid' : 'base' }),
      );
      axis.append(el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
    }
    // the time axis: a label at each round time of the viewer's clock
    const start = Date.parse(series.from);
    const stepMs = series.stepSeconds * 1000;
    const every = labelStep((n * series.stepSeconds) / 60, plotW);
    for (let i = 0; i < n; i++) {
      const t = new Date(start + i * stepMs);
      // no label where it would run off the right end
      if ((t.getHours() * 60 + t.getMinutes()) % every === 0 && x(i) < w - PAD.right - 30) {
        axis.append(
          el('line', { x1: x(i), x2: x(i), y1: PAD.top + plotH, y2: PAD.top + plotH + 4, class: 'base' }),
        );
        const anchor = x(i) < PAD.left + 30 ? 'start' : 'middle';
        axis.append(
          el('text', { x: x(i), y: HEIGHT - 8, 'text-anchor': anchor, class: 'tick' }, clock.format(t)),
        );
      }
    }
    svg.append(axis);

    for (const line of LINES) {
      const values = series[line.key];
      const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      if (line.key === 'received') {
        // the deliveries as an area, so that the lines on top stay readable
        const floor = y(0).toFixed(1);
        const area = `${x(0).toFixed(1)},${floor} ${points} ${x(n - 1).toFixed(1)},${floor}`;
        svg.append(el('polygon', { points: area, class: 'area received', 'aria-hidden': 'true' }));
      }
      svg.append(
        el('polyline', {
          points,
          class: `line ${line.key}`,
          'data-series': line.key,
          'data-total': sum(values),
          'data-max': Math.max(0, ...values),
        }),
      );
    }
    return svg;
  }

  /**
   * The series added up into rows of at most count periods, newest first, for the chart's table:
   * [{from, to, received, processed, failed}].
   */
  function rows(series, count) {
    const n = series.received.length;
    const size = Math.max(1, Math.ceil(n / count));
    const start = Date.parse(series.from);
    const stepMs = series.stepSeconds * 1000;
    const out = [];
    for (let i = 0; i < n; i += size) {
      const row = {
        from: new Date(start + i * stepMs),
        to: new Date(start + Math.min(n, i + size) * stepMs),
      };
      for (const line of LINES) {
        row[line.key] = sum(series[line.key].slice(i, i + size));
      }
      out.push(row);
    }
    return out.reverse();
  }

  return { draw, rows, summary, niceMax, LINES };
})();
