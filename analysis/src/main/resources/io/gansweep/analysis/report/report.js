// gansweep report.html: renders the JSON blob of <script id="report-data"> with the vendored
// Vega-Lite (vega-embed). Every user-written string reaches the page as a text node
// (textContent) or as chart text that Vega draws on a canvas; nothing is parsed as HTML.
// The overview renders on load; a configuration's detail charts render when it is opened.
// For the headless test and the bench: window.gansweepReport.ready resolves when the overview has
// drawn, <body data-render-ms> then holds the time from navigation start, and every chart
// container (.chart) carries data-rendered="1" (or data-error) once drawn.
(function () {
  'use strict';
  var timings = {start: performance.now(), charts: []};
  var D = JSON.parse(document.getElementById('report-data').textContent);
  timings.parsed = performance.now();
  var COLORS = {stable: '#2ca02c', unconverged: '#1f77b4', oscillating: '#17becf', mode_collapse: '#ff7f0e',
    d_collapse: '#9467bd', diverged: '#d62728', pruned: '#aaaaaa', failed: '#555555'};
  var LABELS = D.labels;
  var C = D.configs.map(function (r, i) {
    return {i: i, rank: r[0], g0: r[1], g1: r[2], id: r[3], p: r[4], seeds: r[5], stable: r[6], score: r[7], median: r[8],
      iqr: r[9], worst: r[10], prec: r[11], rec: r[12], label: r[13], why: r[14], trials: []};
  });
  var T = D.trials.map(function (r, i) {
    return {i: i, id: r[0], c: r[1], seed: r[2], label: r[3], status: r[4], evidence: r[5], dist: r[6], prec: r[7], rec: r[8],
      modes: r[9], dataset: r[10]};
  });
  T.forEach(function (t) { if (t.c >= 0) C[t.c].trials.push(t); });
  var detailed = {};
  D.detailed.forEach(function (i) { detailed[i] = true; });
  var state = {labels: {}, sort: 'rank', dir: 1, shown: 50, open: -1};
  LABELS.forEach(function (l) { state.labels[l] = true; });
  var charts = [];

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.indexOf('on') === 0) e.addEventListener(k.substring(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (k) { if (k != null) e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  }
  // Numbers as gansweep prints them (io.gansweep.trial.Numbers): 4 significant digits, plain
  // decimals for 0.001 <= |v| < 1e6, otherwise mantissa and a bare exponent (1e-4, 2.5e-5).
  function fmt(v, digits) {
    if (v === null || v === undefined || (typeof v === 'number' && isNaN(v))) return 'n/a';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    if (v === 0) return '0';
    var a = Math.abs(v), d = digits || 4;
    if (a >= 1e-3 && a < 1e6) return String(parseFloat(v.toPrecision(d)));
    var s = v.toExponential(d - 1).split('e');
    return String(parseFloat(s[0])) + 'e' + parseInt(s[1], 10);
  }
  function group(c) { return c.g0 === c.g1 ? String(c.g0) : c.g0 + '\u2013' + c.g1; }
  function name(c) {
    return '#' + group(c) + ' ' + c.id + ' (' + D.axes.map(function (a, k) { return a.name + ' ' + c.p[k]; }).join(', ') + ')';
  }
  function visible(c) { return state.labels[c.label] !== false; }
  function section(id, title, intro) {
    var s = el('section', {id: id}, [el('h2', {text: title})]);
    if (intro) s.appendChild(el('p', {class: 'note', text: intro}));
    app.appendChild(s);
    return s;
  }
  function chartBox(parent, title) {
    var box = el('div', {class: 'chart', 'data-title': title});
    parent.appendChild(box);
    return box;
  }
  // Draws a Vega-Lite spec into box; returns the view's promise. Errors are shown and logged.
  function draw(box, spec) {
    spec.$schema = 'https://vega.github.io/schema/vega-lite/v6.json';
    spec.background = 'white';
    if (!spec.config) spec.config = {};
    spec.config.font = 'sans-serif';
    var t = {title: box.getAttribute('data-title'), start: performance.now()};
    timings.charts.push(t);
    var p = vegaEmbed(box, spec, {actions: false, renderer: 'canvas', tooltip: {theme: 'light'}}).then(function (r) {
      t.end = performance.now();
      box.setAttribute('data-rendered', '1');
      box.setAttribute('data-marks', countItems(r.view.scenegraph().root));
      return r.view;
    }, function (err) {
      box.setAttribute('data-error', String(err && err.message || err));
      box.appendChild(el('p', {class: 'bad', text: 'chart failed: ' + (err && err.message || err)}));
      console.error(err);
      throw err;
    });
    charts.push(p);
    return p;
  }
  function countItems(node) {
    var n = 0;
    (function walk(x) {
      if (!x) return;
      if (x.items) x.items.forEach(function (i) { n++; walk(i); });
    })(node);
    return n;
  }
  function labelScale(present) {
    var dom = LABELS.filter(function (l) { return present.indexOf(l) >= 0; });
    return {domain: dom, range: dom.map(function (l) { return COLORS[l] || '#333'; })};
  }
  // A log scale when the values are positive and span at least two decades, symlog when they span
  // decades across zero, linear otherwise.
  function scaleFor(values) {
    var f = values.filter(function (v) { return v !== null && isFinite(v); });
    if (!f.length) return {type: 'linear'};
    var min = Math.min.apply(null, f.map(Math.abs).filter(function (v) { return v > 0; }).concat([Infinity]));
    var max = Math.max.apply(null, f.map(Math.abs));
    var decades = min > 0 && isFinite(min) ? Math.log10(max / min) : 0;
    if (decades < 2) return {type: 'linear', zero: false};
    if (f.every(function (v) { return v > 0; })) return {type: 'log'};
    return {type: 'symlog', constant: min};
  }
  // Vega picks symlog ticks as if the axis were linear (two or three labels over eight decades);
  // label every power of ten the values reach instead, on both sides of zero, and zero itself.
  function symlogTicks(values, constant) {
    var f = values.filter(function (v) { return v !== null && isFinite(v); });
    var lo = Math.floor(Math.log10(constant)), ticks = [0];
    var hiPos = Math.max.apply(null, f.concat([0])), hiNeg = -Math.min.apply(null, f.concat([0]));
    for (var k = lo; k <= 15; k++) {
      var t = Number('1e' + k);
      if (t <= hiPos) ticks.push(t);
      if (t <= hiNeg) ticks.push(-t);
    }
    var step = Math.max(1, Math.ceil((ticks.length - 1) / 12)); // at most about a dozen labels
    return ticks.filter(function (t, i) { return t === 0 || Math.round(Math.log10(Math.abs(t)) - lo) % step === 0; })
      .sort(function (a, b) { return a - b; });
  }
  var ZOOM = [{name: 'zoom', select: 'interval', bind: 'scales'}];

  // ---- page ----------------------------------------------------------------------------------
  var app = document.getElementById('app');
  document.getElementById('loading').remove();
  var counts = LABELS.filter(function (l) { return D.counts[l]; }).map(function (l) { return l + ' ' + D.counts[l]; });
  document.getElementById('summary').textContent = T.length + ' trials, ' + C.length + ' configurations; swept: '
    + (D.axes.map(function (a) { return a.name; }).join(', ') || 'nothing') + '. Labels: ' + counts.join(', ') + '.';

  if (D.description) {
    document.querySelector('header').appendChild(el('p', {class: 'description', text: D.description}));
  }

  // Label filter: applies to the ranking and the parallel coordinates.
  var filter = el('div', {id: 'label-filter', class: 'filter'}, [el('span', {text: 'Show labels: '})]);
  LABELS.forEach(function (l) {
    var n = C.filter(function (c) { return c.label === l; }).length;
    if (!n) return;
    var box = el('input', {type: 'checkbox', value: l, onchange: function () {
      state.labels[l] = box.checked;
      renderTable();
      updateParallel();
    }});
    box.checked = true;
    filter.appendChild(el('label', {class: 'lab', style: 'border-color:' + (COLORS[l] || '#333')}, [box, ' ' + l + ' (' + n + ')']));
  });

  // ---- ranking -------------------------------------------------------------------------------
  var rankSec = section('ranking', 'Ranking', 'By the Wilson lower bound (z = 1.96) of the share of stable seeds, then the median, '
    + 'spread and worst of the final distance over seeds (energy distance for 2-D data, Fr\u00e9chet distance for images; lower is '
    + 'better; a seed without one counts as infinite). Configurations whose seeds cannot tell them apart share a rank group, '
    + 'shown as 1\u20132: the next configuration starts a new group only when a two-sided Mann\u2013Whitney test of its seeds '
    + 'against the group\'s first gives p \u2264 ' + D.alpha + ' (docs/concepts/ranking.md); within a group the order is not '
    + 'a finding. Click a column header to sort, a row to open the configuration.');
  rankSec.appendChild(filter);
  var cols = [{k: 'rank', t: 'rank', v: function (c) { return c.rank; }, s: group}];
  D.axes.forEach(function (a, k) {
    cols.push({k: 'p' + k, t: a.name, v: function (c) { return a.numeric ? parseFloat(c.p[k]) : c.p[k]; }, s: function (c) { return c.p[k]; },
      l: !a.numeric});
  });
  [['seeds', 'seeds'], ['stable', 'stable'], ['score', 'score'], ['median', 'median'], ['iqr', 'IQR'], ['worst', 'worst'],
    ['prec', 'precision'], ['rec', 'recall']].forEach(function (p) {
    cols.push({k: p[0], t: p[1], v: function (c) { return c[p[0]]; }, s: function (c) { return fmt(c[p[0]]); }});
  });
  cols.push({k: 'label', t: 'label', v: function (c) { return c.label; }, s: function (c) { return c.label; }, l: true});
  cols.push({k: 'why', t: 'why', v: function (c) { return c.why; }, s: function (c) { return c.why; }, l: true});
  var table = el('table', {class: 'ranking'});
  var head = el('tr');
  cols.forEach(function (col) {
    head.appendChild(el('th', {class: 'sort', text: col.t, 'data-key': col.k, onclick: function () {
      state.dir = state.sort === col.k ? -state.dir : 1;
      state.sort = col.k;
      renderTable();
    }}));
  });
  table.appendChild(el('thead', null, [head]));
  var tbody = el('tbody');
  table.appendChild(tbody);
  rankSec.appendChild(el('div', {class: 'scroll'}, [table]));
  var more = el('p', {class: 'note'});
  rankSec.appendChild(more);
  function sorted() {
    var col = cols.filter(function (c) { return c.k === state.sort; })[0];
    var rows = C.filter(visible);
    rows.sort(function (x, y) {
      var a = col.v(x), b = col.v(y);
      if (typeof a === 'string' || typeof b === 'string') return state.dir * String(a).localeCompare(String(b)) || x.rank - y.rank;
      var na = a === null || isNaN(a), nb = b === null || isNaN(b);
      if (na || nb) return na && nb ? x.rank - y.rank : na ? 1 : -1;
      return state.dir * (a === b ? x.rank - y.rank : a < b ? -1 : 1);
    });
    return rows;
  }
  function renderTable() {
    head.querySelectorAll('th').forEach(function (th) {
      th.classList.remove('asc', 'desc');
      if (th.getAttribute('data-key') === state.sort) th.classList.add(state.dir > 0 ? 'asc' : 'desc');
    });
    var rows = sorted();
    var frag = document.createDocumentFragment();
    rows.slice(0, state.shown).forEach(function (c) {
      var tr = el('tr', {class: 'config' + (c.i === state.open ? ' open' : ''), 'data-config': c.id, 'data-index': c.i,
        onclick: function () { openDetail(c.i, true); }});
      cols.forEach(function (col) {
        var cls = col.l ? 'l' : '';
        if (col.k === 'label') cls += c.label === 'stable' ? ' stable' : ' bad';
        tr.appendChild(el('td', {class: cls, text: col.s(c)}));
      });
      frag.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(frag);
    more.textContent = '';
    if (rows.length > state.shown) {
      more.appendChild(document.createTextNode('Showing ' + state.shown + ' of ' + rows.length + ' configurations. '));
      more.appendChild(el('button', {text: 'Show 200 more', onclick: function () { state.shown += 200; renderTable(); }}));
    } else {
      more.textContent = rows.length + ' of ' + C.length + ' configurations shown.';
    }
  }
  renderTable();
  timings.table = performance.now();

  // ---- detail --------------------------------------------------------------------------------
  var detail = section('detail', 'Configuration detail');
  var interest = el('p', {class: 'note'}, ['Open: ']);
  D.interest.forEach(function (p) {
    var c = C[p[0]];
    interest.appendChild(el('button', {class: 'interest', text: p[1] + ': #' + group(c) + ' ' + c.id, onclick: function () { openDetail(c.i, true); }}));
  });
  detail.appendChild(interest);
  var detailBody = el('div', {id: 'detail-body'});
  detail.appendChild(detailBody);

  function openDetail(i, scroll) {
    var c = C[i];
    state.open = i;
    tbody.querySelectorAll('tr.open').forEach(function (r) { r.classList.remove('open'); });
    var row = tbody.querySelector('tr[data-index="' + i + '"]');
    if (row) row.classList.add('open');
    detailBody.textContent = '';
    detailBody.setAttribute('data-config', c.id);
    var tied = C.filter(function (o) { return o !== c && o.g0 === c.g0; });
    detailBody.appendChild(el('h3', {class: 'config-name', text: name(c)}));
    detailBody.appendChild(el('p', null, [el('span', {class: c.label === 'stable' ? 'stable' : 'bad', text: c.label}), ': ' + c.why]));
    detailBody.appendChild(el('p', {class: 'note', text: 'Rank group ' + group(c) + (c.g0 === 1 ? ' (the best group)' : '')
      + (tied.length ? '; its seeds do not separate it from ' + tied.map(function (o) { return o.id; }).join(', ') + '.' : '; alone in its group.')
      + ' Stable in ' + c.stable + ' of ' + c.seeds + ' seeds, score ' + fmt(c.score) + ', median distance ' + fmt(c.median) + '.'}));
    var seedRows = c.trials.map(function (t) {
      return el('tr', null, [el('td', {class: 'l', text: t.seed}), el('td', {class: 'l', text: t.id}),
        el('td', {class: 'l ' + (t.label === 'stable' ? 'stable' : 'bad'), text: t.label}), el('td', {class: 'l', text: t.status}),
        el('td', {text: fmt(t.dist)}), el('td', {text: fmt(t.prec)}), el('td', {text: fmt(t.rec)}),
        el('td', {text: t.modes == null ? 'n/a' : String(t.modes)}), el('td', {class: 'l', text: t.evidence})]);
    });
    detailBody.appendChild(el('table', {class: 'seeds'}, [el('thead', null, [el('tr', null,
      ['seed', 'trial', 'label', 'status', 'distance', 'precision', 'recall', 'modes', 'evidence'].map(function (h) { return el('th', {text: h}); }))]),
      el('tbody', null, seedRows)]));
    if (!detailed[i]) {
      detailBody.appendChild(el('p', {class: 'note', text: 'Curves and samples are embedded for the configurations of interest and the '
        + 'best-ranked ones up to ' + D.detailTrials + ' trials; this one ranks below them (its tables hold every row).'}));
    }
    return detailCharts(c, scroll);
  }

  function detailCharts(c, scroll) {
    var wrap = el('div', {class: 'charts'});
    var jobs = [];
    var scatters = el('div', {class: 'charts'});
    var grids = el('div', {class: 'grids'});
    c.trials.forEach(function (t) {
      var pts = D.points[t.id];
      if (pts) jobs.push(draw(chartBox(scatters, 'points of ' + t.id), scatterSpec(t, pts)));
      var png = D.grids[t.id];
      if (png) grids.appendChild(el('figure', null, [el('img', {class: 'grid', alt: 'samples of ' + t.id, src: 'data:image/png;base64,' + png}),
        el('figcaption', {text: t.seed + ': ' + t.label})]));
    });
    if (scatters.childNodes.length) {
      detailBody.appendChild(el('h4', {text: 'Generated points at the last evaluation (blue) over the real mode centres (red); scroll to zoom, drag to pan'}));
      detailBody.appendChild(scatters);
    }
    if (grids.childNodes.length) {
      detailBody.appendChild(el('h4', {text: 'Samples at the last evaluation (fixed z)'}));
      detailBody.appendChild(grids);
    }
    detailBody.appendChild(el('h4', {text: 'Losses and distance over steps (every seed; scroll to zoom, drag to pan)'}));
    detailBody.appendChild(wrap);
    // D and G losses in charts of their own: each gets the scale its values need (a D loss of 1e-6
    // beside 1.386 on a log scale; a G loss that changes sign on a linear or symlog one).
    var losses = {D: [], G: []}, quality = [];
    c.trials.forEach(function (t) {
      var cv = D.curves[t.id];
      if (!cv) return;
      cv.s.forEach(function (s, k) {
        if (cv.d[k] !== null) losses.D.push({step: s, loss: cv.d[k], series: t.seed + ' (' + t.label + ')'});
        if (cv.g[k] !== null) losses.G.push({step: s, loss: cv.g[k], series: t.seed + ' (' + t.label + ')'});
      });
      cv.e.forEach(function (s, k) {
        if (cv.q[k] !== null && cv.q[k] > 0) quality.push({step: s, distance: cv.q[k], series: t.seed + ' (' + t.label + ')'});
      });
    });
    ['D', 'G'].forEach(function (who) {
      if (!losses[who].length) return;
      var ls = scaleFor(losses[who].map(function (r) { return r.loss; }));
      jobs.push(draw(chartBox(wrap, who + ' loss of ' + c.id), lineSpec(losses[who], 'loss', who + ' loss (' + ls.type + ' scale): ' + c.id, ls)));
    });
    if (quality.length) {
      jobs.push(draw(chartBox(wrap, 'quality of ' + c.id), lineSpec(quality, 'distance',
        'distance to the data over steps (log scale; lower is better): ' + c.id, {type: 'log'})));
    }
    var loss = losses.D.concat(losses.G);
    if (!loss.length && !quality.length) wrap.appendChild(el('p', {class: 'note', text: 'No curves embedded for this configuration.'}));
    if (scroll) detail.scrollIntoView();
    return Promise.all(jobs);
  }

  function lineSpec(values, field, title, scale) {
    return {title: title, width: 300, height: 220, data: {values: values}, params: ZOOM,
      mark: {type: 'line', strokeWidth: 1.2, clip: true},
      encoding: {x: {field: 'step', type: 'quantitative', title: 'step'},
        y: {field: field, type: 'quantitative', scale: scale, title: field,
          axis: scale.type === 'symlog' ? {values: symlogTicks(values.map(function (r) { return r[field]; }), scale.constant), format: '~g'} : {}},
        color: {field: 'series', type: 'nominal', title: null, legend: {orient: 'bottom', columns: 2}},
        tooltip: [{field: 'series'}, {field: 'step', type: 'quantitative'}, {field: field, type: 'quantitative', format: '.4~g'}]}};
  }

  function scatterSpec(t, pts) {
    var modes = D.modes[t.dataset] || [];
    var gen = [], real = [], extent = 1;
    for (var k = 0; k < modes.length; k += 2) {
      real.push({x: modes[k], y: modes[k + 1], kind: 'real mode'});
      extent = Math.max(extent, Math.abs(modes[k]), Math.abs(modes[k + 1]));
    }
    var lo = Infinity, hi = -Infinity;
    for (k = 0; k < pts.xy.length; k += 2) {
      var x = pts.xy[k], y = pts.xy[k + 1];
      if (x === null || y === null) continue;
      gen.push({x: x, y: y, kind: 'generated'});
      lo = Math.min(lo, x, y);
      hi = Math.max(hi, x, y);
    }
    var frame = extent * 1.5;
    var outside = gen.filter(function (p) { return Math.abs(p.x) > frame || Math.abs(p.y) > frame; }).length;
    var dom = [-frame, frame], fitted = false;
    if (!modes.length || (gen.length && outside > gen.length / 2)) { // most points off the modes' frame: fit the points
      var pad = (hi - lo) * 0.05 || 1;
      dom = [Math.min(lo - pad, -frame), Math.max(hi + pad, frame)];
      fitted = modes.length > 0;
    }
    var caption = 'step ' + pts.step + ', ' + t.label + ', distance ' + fmt(t.dist, 3)
      + (t.modes != null ? ', ' + t.modes + (modes.length ? '/' + modes.length / 2 : '') + ' modes covered' : '')
      + (outside && !fitted ? ', ' + outside + ' of ' + gen.length + ' outside' : '') + (fitted ? ', frame fitted to the points' : '')
      + (pts.n > gen.length ? ' (' + gen.length + ' of ' + pts.n + ' points drawn)' : '');
    var x = {field: 'x', type: 'quantitative', scale: {domain: dom, nice: false}, title: null};
    var y = {field: 'y', type: 'quantitative', scale: {domain: dom, nice: false}, title: null};
    var tip = [{field: 'kind'}, {field: 'x', type: 'quantitative', format: '.3~g'}, {field: 'y', type: 'quantitative', format: '.3~g'}];
    return {title: {text: t.seed + ': ' + t.label, subtitle: caption, fontSize: 12, subtitleFontSize: 10}, width: 260, height: 260,
      layer: [
        {data: {values: gen}, params: ZOOM, mark: {type: 'circle', size: 9, opacity: 0.45, color: '#2c5ac8', clip: true},
          encoding: {x: x, y: y, tooltip: tip}},
        {data: {values: real}, mark: {type: 'point', shape: 'circle', size: 80, filled: false, strokeWidth: 1.6, color: '#d21e1e', clip: true},
          encoding: {x: x, y: y, tooltip: tip}}
      ]};
  }

  // ---- overview charts -----------------------------------------------------------------------
  var overview = section('overview', 'Hyperparameters against quality', 'Parallel coordinates: one line per configuration '
    + 'through its swept values, its median final distance (log scale, lower is better; a configuration without one at the top) '
    + 'and its stability score, coloured by label. Hover a line for its values, click it to open the configuration; the label '
    + 'filter above applies here too.');
  var dims = D.axes.map(function (a, k) { return {name: a.name, k: k, numeric: a.numeric, order: a.order}; });
  dims.push({name: 'median distance', metric: 'median'});
  dims.push({name: 'score', metric: 'score'});
  dims.forEach(function (d) {
    var vals = d.metric ? C.map(function (c) { return c[d.metric]; }).filter(function (v) { return v !== null && isFinite(v); })
      : d.numeric ? d.order.map(parseFloat).filter(function (v) { return !isNaN(v); }) : [];
    d.log = d.metric === 'median' || (d.numeric && vals.length > 1 && Math.min.apply(null, vals) > 0
      && Math.max.apply(null, vals) / Math.min.apply(null, vals) >= 100);
    var tv = vals.map(function (v) { return d.log ? Math.log10(Math.max(v, 1e-12)) : v; });
    d.lo = tv.length ? Math.min.apply(null, tv) : 0;
    d.hi = tv.length ? Math.max.apply(null, tv) : 1;
    if (d.metric === 'score') { d.lo = 0; d.hi = 1; }
    if (!(d.hi > d.lo)) d.hi = d.lo + 1;
    d.pos = function (text, v) {
      if (!d.numeric && !d.metric) {
        var ix = d.order.indexOf(text);
        return d.order.length > 1 ? ix / (d.order.length - 1) : 0.5;
      }
      if (v === null || v === undefined || isNaN(v)) return 1;
      if (!isFinite(v)) return 1;
      var x = d.log ? Math.log10(Math.max(v, 1e-12)) : v;
      return (x - d.lo) / (d.hi - d.lo);
    };
    d.ticks = !d.numeric && !d.metric ? d.order.map(function (o) { return {dim: d.name, pos: d.pos(o), text: o}; })
      : [0, 0.5, 1].map(function (f) {
        var x = d.lo + f * (d.hi - d.lo);
        return {dim: d.name, pos: f, text: fmt(d.log ? Math.pow(10, x) : x, 3)};
      });
  });
  // One rule per configuration and pair of neighbouring axes (a single mark of plain items: a
  // line mark per configuration would make a group each, several times slower at 3,000 lines).
  function parallelRows() {
    var rows = [];
    C.forEach(function (c) {
      if (!visible(c)) return;
      var prev = null;
      dims.forEach(function (d, k) {
        var text = d.metric ? fmt(c[d.metric]) : c.p[d.k];
        var pos = d.metric ? d.pos(null, c[d.metric]) : d.numeric ? d.pos(text, parseFloat(text)) : d.pos(text);
        if (prev) {
          rows.push({c: c.i, config: c.id, rank: group(c), label: c.label, x: k - 1, x2: k, y: prev.pos, y2: pos,
            from: dims[k - 1].name + ' ' + prev.text, to: d.name + ' ' + text});
        }
        prev = {pos: pos, text: text};
      });
    });
    return rows;
  }
  var parallelView = null;
  var parallelBox = chartBox(overview, 'parallel coordinates');
  parallelBox.id = 'parallel';
  var xs = {field: 'x', type: 'quantitative', axis: null, scale: {domain: [-0.05, dims.length - 0.7], nice: false, zero: false}};
  var ys = {field: 'y', type: 'quantitative', axis: null, scale: {domain: [0, 1.1], nice: false, zero: false}};
  var pending = draw(parallelBox, {
    width: Math.max(420, 150 * dims.length), height: 340,
    layer: [
      {data: {name: 'lines', values: parallelRows()},
        params: [{name: 'hover', select: {type: 'point', on: 'pointerover', fields: ['c'], clear: 'pointerout'}}],
        mark: {type: 'rule'},
        encoding: {x: xs, x2: {field: 'x2'}, y: ys, y2: {field: 'y2'},
          color: {field: 'label', type: 'nominal', scale: labelScale(C.map(function (c) { return c.label; })), title: 'label'},
          opacity: {condition: {param: 'hover', empty: false, value: 1}, value: C.length > 500 ? 0.25 : 0.6},
          strokeWidth: {condition: {param: 'hover', empty: false, value: 3.5}, value: 1.4},
          tooltip: [{field: 'config'}, {field: 'rank'}, {field: 'label'}, {field: 'from'}, {field: 'to'}]}},
      {data: {values: dims.map(function (d, k) { return {x: k, y: 0, y2: 1}; })}, mark: {type: 'rule', color: '#999'},
        encoding: {x: xs, y: ys, y2: {field: 'y2'}}},
      {data: {values: dims.map(function (d, k) { return {x: k, y: 1.06, text: d.name + (d.log ? ' (log)' : '')}; })},
        mark: {type: 'text', fontSize: 12, fontWeight: 'bold', color: '#222'},
        encoding: {x: xs, y: ys, text: {field: 'text'}}},
      {data: {values: [].concat.apply([], dims.map(function (d, k) {
        return d.ticks.map(function (t) { return {x: k, y: t.pos, text: t.text}; });
      }))}, mark: {type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333'},
        encoding: {x: xs, y: ys, text: {field: 'text'}}}
    ]
  }).then(function (view) {
    parallelView = view;
    view.addEventListener('click', function (ev, item) {
      if (item && item.datum && item.datum.c !== undefined) openDetail(item.datum.c, true);
    });
    return view;
  });
  function updateParallel() {
    if (!parallelView) return;
    parallelView.data('lines', parallelRows());
    parallelView.runAsync();
  }

  // Heatmaps over pairs of axes: median log10 distance over the configurations in a cell.
  var pairs = [];
  for (var a1 = 0; a1 < D.axes.length && pairs.length < 3; a1++) {
    for (var a2 = a1 + 1; a2 < D.axes.length && pairs.length < 3; a2++) pairs.push([a1, a2]);
  }
  if (pairs.length) {
    var worst = Math.max.apply(null, C.map(function (c) { return c.median; }).filter(function (v) { return v !== null && isFinite(v); }).concat([1]));
    var heat = section('heatmaps', 'Quality over pairs of swept axes', 'Colour: median final distance of the configurations in a cell '
      + '(log scale, one scale for every heatmap; green = better), printed in the cell; a configuration without a distance counts '
      + 'as the sweep\'s worst. Hover a cell for its configurations\' count and best score.');
    var hrow = el('div', {class: 'charts'});
    heat.appendChild(hrow);
    var allLogs = C.map(function (c) { return Math.log10(Math.max(1e-12, c.median !== null && isFinite(c.median) ? c.median : worst)); });
    var cmin = Math.min.apply(null, allLogs), cmax = Math.max.apply(null, allLogs);
    pairs.forEach(function (p) {
      var ax = D.axes[p[0]], ay = D.axes[p[1]];
      var cells = {};
      C.forEach(function (c) {
        var key = c.p[p[0]] + '\u0000' + c.p[p[1]];
        var cell = cells[key] || (cells[key] = {x: c.p[p[0]], y: c.p[p[1]], logs: [], score: 0, n: 0});
        cell.logs.push(allLogs[c.i]);
        cell.score = Math.max(cell.score, c.score);
        cell.n++;
      });
      var values = Object.keys(cells).map(function (k) {
        var cell = cells[k], s = cell.logs.slice().sort(function (u, v) { return u - v; });
        var m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return {x: cell.x, y: cell.y, log: m, text: fmt(Math.pow(10, m), 3), score: fmt(cell.score, 2), n: cell.n};
      });
      draw(chartBox(hrow, 'heatmap ' + ax.name + ' x ' + ay.name), {
        title: 'median final distance: ' + ay.name + ' x ' + ax.name, data: {values: values},
        width: Math.min(480, 60 * ax.order.length + 60), height: Math.min(360, 40 * ay.order.length + 40),
        encoding: {x: {field: 'x', type: 'ordinal', sort: ax.order, title: ax.name, axis: {labelAngle: 0}},
          y: {field: 'y', type: 'ordinal', sort: ay.order, title: ay.name}},
        layer: [{mark: 'rect', encoding: {color: {field: 'log', type: 'quantitative', title: 'log10 distance',
          scale: {domain: [cmin, cmax === cmin ? cmin + 1 : cmax], range: ['#33bf4d', '#f2c84b', '#f2262b']}},
          tooltip: [{field: 'x', title: ax.name}, {field: 'y', title: ay.name}, {field: 'text', title: 'median distance'},
            {field: 'score', title: 'best score'}, {field: 'n', title: 'configurations'}]}},
          {mark: {type: 'text', fontSize: 11}, encoding: {text: {field: 'text'}}}]
      });
    });
  }

  if (D.rungs.length) {
    var rungSec = section('rungs', 'Early termination: quality at each rung', 'Every trial\'s distance at each rung it reached (log scale; '
      + 'lower is better): trials that trained to the end in blue, pruned ones in grey.');
    draw(chartBox(rungSec, 'quality at each rung'), {width: 620, height: 300, params: ZOOM,
      data: {values: D.rungs.map(function (r) { var t = T[r[0]]; return {trial: t.id, rounds: r[1], distance: r[2], pruned: t.status === 'PRUNED' ? 'pruned' : 'trained on'}; })},
      mark: {type: 'line', point: true, strokeWidth: 1, clip: true},
      encoding: {x: {field: 'rounds', type: 'quantitative'}, y: {field: 'distance', type: 'quantitative', scale: {type: 'log'}},
        detail: {field: 'trial'}, color: {field: 'pruned', type: 'nominal', scale: {domain: ['trained on', 'pruned'], range: ['#2c5ac8', '#999999']}, title: null},
        tooltip: [{field: 'trial'}, {field: 'rounds'}, {field: 'distance', format: '.4~g'}]}});
  }

  if (D.lineage && D.lineage.length) {
    // pbt: each member's median distance at the end of each generation (a line per member); a member that copied
    // another is joined to its donor's point at the boundary (grey rule) and drawn as a triangle.
    var L = D.lineage.map(function (r) { return {generation: r[0] + 1, member: 'member ' + r[1], from: r[2], rounds: r[3],
      parent: 'member ' + r[4], action: r[5], fitness: r[6], distance: r[7], params: r[8], change: r[9]}; });
    var at = {};
    L.forEach(function (r) { at[r.member + '@' + r.rounds] = r; });
    var edges = L.filter(function (r) { return r.action === 'exploit' && at[r.parent + '@' + r.from]
      && at[r.parent + '@' + r.from].distance !== null && r.distance !== null; }).map(function (r) {
      return {from: r.from, rounds: r.rounds, d0: at[r.parent + '@' + r.from].distance, d1: r.distance, member: r.member, parent: r.parent}; });
    var lin = section('lineage', 'Population-based training: lineage', 'Each member\'s median distance over its seeds at the end of '
      + 'each generation (log scale; lower is better). A triangle is a member that copied another\'s checkpoints at the boundary and '
      + 'explored its values; the grey rule joins it to the member it copied. Hover for the values and what changed.');
    var lv = L.filter(function (r) { return r.distance !== null; });
    draw(chartBox(lin, 'lineage'), {width: 620, height: 300,
      layer: [
        {data: {values: edges}, mark: {type: 'rule', color: '#999999', strokeDash: [4, 3]},
          encoding: {x: {field: 'from', type: 'quantitative'}, x2: {field: 'rounds'}, y: {field: 'd0', type: 'quantitative', scale: {type: 'log'}},
            y2: {field: 'd1'}}},
        {data: {values: lv}, mark: {type: 'line', strokeWidth: 1, clip: true},
          encoding: {x: {field: 'rounds', type: 'quantitative', title: 'rounds'}, y: {field: 'distance', type: 'quantitative', scale: {type: 'log'},
            title: 'median distance'}, color: {field: 'member', type: 'nominal'}}},
        {data: {values: lv}, params: ZOOM, mark: {type: 'point', filled: true, size: 60, clip: true},
          encoding: {x: {field: 'rounds', type: 'quantitative'}, y: {field: 'distance', type: 'quantitative', scale: {type: 'log'}},
            color: {field: 'member', type: 'nominal'}, shape: {field: 'action', type: 'nominal', scale: {domain: ['start', 'continue', 'exploit'],
              range: ['circle', 'circle', 'triangle-up']}},
            tooltip: [{field: 'member'}, {field: 'generation'}, {field: 'rounds'}, {field: 'action'}, {field: 'parent', title: 'went on from'},
              {field: 'change'}, {field: 'params'}, {field: 'fitness', format: '.3~g', title: 'fitness (score)'},
              {field: 'distance', format: '.4~g'}]}}]});
  }

  var summary = section('labels', 'Labels, importance, budget');
  var srow = el('div', {class: 'charts'});
  summary.appendChild(srow);
  draw(chartBox(srow, 'trials per label'), {title: 'trials per label', width: 320, height: 22 * LABELS.length,
    data: {values: LABELS.map(function (l) { return {label: l, trials: D.counts[l] || 0}; })}, mark: 'bar',
    encoding: {y: {field: 'label', type: 'nominal', sort: LABELS, title: null}, x: {field: 'trials', type: 'quantitative'},
      color: {field: 'label', type: 'nominal', scale: labelScale(LABELS), legend: null}, tooltip: [{field: 'label'}, {field: 'trials'}]}});
  if (D.importance.length) {
    draw(chartBox(srow, 'importance'), {title: 'share of quality variance explained (eta squared)', width: 320, height: 24 * D.importance.length,
      data: {values: D.importance.map(function (f) { return {parameter: f[0], eta: f[1]}; })}, mark: {type: 'bar', color: '#3c6eaa'},
      encoding: {y: {field: 'parameter', type: 'nominal', sort: '-x', title: null}, x: {field: 'eta', type: 'quantitative', title: 'eta squared'},
        tooltip: [{field: 'parameter'}, {field: 'eta', format: '.3f'}]}});
  }
  if (D.budget.length) {
    var bv = D.budget.filter(function (p) { return p[1] !== null; }).map(function (p) { return {trials: p[0], best: p[1]}; });
    draw(chartBox(srow, 'best of budget'), {title: 'expected best final distance with k random trials', width: 360, height: 220, params: ZOOM,
      data: {values: bv}, mark: {type: 'line', point: true, clip: true},
      encoding: {x: {field: 'trials', type: 'quantitative', title: 'trials (k)'},
        y: {field: 'best', type: 'quantitative', title: 'distance', scale: scaleFor(bv.map(function (p) { return p.best; }))},
        tooltip: [{field: 'trials'}, {field: 'best', format: '.4~g'}]}});
  }
  if (D.screened.length) {
    var scr = section('screened', 'Dropped by the G-only screen before training', 'These generator setups were not trained, so their configurations are not ranked.');
    scr.appendChild(el('ul', null, D.screened.map(function (l) { return el('li', {text: l}); })));
  }

  // ---- the sweep: versions, fixed values, spec -------------------------------------------------
  var about = section('about', 'The sweep: versions, fixed values, spec');
  var aboutRow = el('div', {class: 'charts'});
  about.appendChild(aboutRow);
  function pairsTable(cls, title, pairs, perRow) {
    if (!pairs.length) return;
    var rows = [];
    for (var k = 0; k < pairs.length; k += perRow) {
      var tr = el('tr');
      pairs.slice(k, k + perRow).forEach(function (p) { tr.appendChild(el('th', {text: p[0]})); tr.appendChild(el('td', {class: 'l', text: p[1]})); });
      rows.push(tr);
    }
    aboutRow.appendChild(el('div', null, [el('h3', {text: title}), el('table', {class: cls}, [el('tbody', null, rows)])]));
  }
  pairsTable('versions', 'Versions', D.versions, 1);
  pairsTable('fixed', 'Fixed values', D.fixed, 3);
  if (D.spec) about.appendChild(el('details', null, [el('summary', {text: 'The spec as it ran'}), el('pre', {class: 'spec', text: D.spec})]));

  // The first configuration's detail is open at load; the others render when opened.
  if (C.length) openDetail(0, false);
  var ready = Promise.all(charts.slice()).then(function () {
    var ms = Math.round(performance.now());
    document.body.setAttribute('data-render-ms', ms);
    document.body.setAttribute('data-charts', document.querySelectorAll('.chart').length);
    document.body.setAttribute('data-charts-rendered', document.querySelectorAll('.chart[data-rendered="1"]').length);
    return ms;
  });
  window.gansweepReport = {ready: ready, timings: timings, open: function (id) {
    var c = C.filter(function (x) { return x.id === id; })[0];
    return c ? openDetail(c.i, false) : Promise.reject(new Error('no configuration ' + id));
  }};
  void pending;
})();
