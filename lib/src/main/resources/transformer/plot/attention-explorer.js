// The attention explorer's script: vanilla JavaScript, no library, no network. It finds its own
// output (the .tx-ax element around it), reads the JSON data beside it, and draws one of three views.
// AttentionExplorer.java inlines this file into every output, without comment lines or indentation.
(function () {
  var root = document.currentScript && document.currentScript.parentNode;
  if (!root || !root.classList || !root.classList.contains('tx-ax') || root.hasAttribute('data-ready')) {
    var waiting = document.querySelectorAll('.tx-ax:not([data-ready])');
    root = waiting[waiting.length - 1];
  }
  if (!root) return;
  root.setAttribute('data-ready', '');
  var D = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var fallback = root.querySelector('.tx-ax-fallback');
  if (fallback) fallback.parentNode.removeChild(fallback);
  // Okabe and Ito's palette, told apart by people with any common colour-vision deficiency.
  var COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
  // The kit's ColourScale.WEIGHTS: white for 0, dark blue for 1, the colours of its heat maps.
  var SCALE = [[247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];
  var VIEWS = [['head', 'Head view'], ['model', 'Model view'], ['heatmap', 'Heat map']];
  var HINT = {
    head: 'Hover, focus (Tab, arrow keys) or click a token to isolate its attention; Enter pins it, Escape lets go.',
    model: 'Every layer (rows) and head (columns). Click or press Enter on one to enlarge it.',
    heatmap: 'Hover a cell, or focus a map and move with the arrow keys, to read its exact weight.',
    detail: 'Hover, focus or click a token to isolate its attention; Escape or the button above goes back to every layer and head.'
  };
  var st = {kind: D.kind || 0, view: D.view, layer: D.layer, on: null, detail: null, pin: null};

  function el(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function sv(tag, attrs, parent, text) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function kind() { return D.kinds[st.kind]; }
  function weight(k, l, h, i, j) { return k.w[l][h][i * k.k.length + j] / 10000; }
  function blocked(k, i, j) { return !!k.mask && k.mask.charAt(i * k.k.length + j) === '0'; }
  function fixed(w) { return w.toFixed(4); }
  function colour(w) {
    var f = Math.max(0, Math.min(1, w)) * (SCALE.length - 1), lo = Math.min(Math.floor(f), SCALE.length - 2), t = f - lo;
    var c = [0, 1, 2].map(function (n) { return Math.round(SCALE[lo][n] + t * (SCALE[lo + 1][n] - SCALE[lo][n])); });
    return 'rgb(' + c.join(',') + ')';
  }
  function active() {
    var heads = [];
    st.on.forEach(function (on, h) { if (on) heads.push(h); });
    return heads;
  }
  function textWidth(tokens) {
    var longest = 1;
    tokens.forEach(function (t) { longest = Math.max(longest, t.length); });
    return Math.max(64, Math.min(150, 16 + 7.5 * longest));
  }
  function quoted(t) { return '\u2018' + t + '\u2019'; }

  var bar = el('div', {'class': 'tx-ax-bar'}, root);
  var stage = el('div', {'class': 'tx-ax-stage'}, root);
  var status = el('div', {'class': 'tx-ax-status', 'aria-live': 'polite'}, root);
  var tip = el('div', {'class': 'tx-ax-tip', 'aria-hidden': 'true'}, root);
  function say(text) { status.textContent = text || HINT[st.view === 'model' && st.detail ? 'detail' : st.view]; }

  function controls() {
    bar.textContent = '';
    var k = kind();
    el('span', {'class': 'tx-ax-title'}, bar, D.title);
    if (D.kinds.length > 1) {
      var label = el('label', {}, bar, 'Attention ');
      var pick = el('select', {'class': 'tx-ax-kind'}, label);
      D.kinds.forEach(function (other, n) { el('option', {value: n}, pick, other.name); });
      pick.value = st.kind;
      pick.onchange = function () { st.kind = +pick.value; st.on = null; st.detail = null; st.pin = null; draw(true); };
    }
    var tabs = el('span', {role: 'tablist', 'aria-label': 'View'}, bar);
    VIEWS.forEach(function (v) {
      var b = el('button', {type: 'button', role: 'tab', 'class': 'tx-ax-tab', 'data-view': v[0],
        'aria-selected': String(st.view === v[0])}, tabs, v[1]);
      b.onclick = function () { st.view = v[0]; st.pin = null; draw(true); root.querySelector('[data-view="' + v[0] + '"]').focus(); };
    });
    if (st.view === 'model') return;
    var layers = el('label', {}, bar, 'Layer ');
    var layer = el('select', {'class': 'tx-ax-layer'}, layers);
    // the options' values are the layer numbers the learner reads, counting from 1
    k.w.forEach(function (x, l) { el('option', {value: l + 1}, layer, String(l + 1)); });
    layer.value = String(st.layer + 1);
    layer.disabled = k.w.length === 1;
    layer.onchange = function () { st.layer = layer.value - 1; st.pin = null; draw(false); };
    var heads = el('span', {'class': 'tx-ax-heads', role: 'group', 'aria-label': 'Heads'}, bar, 'Heads ');
    st.on.forEach(function (on, h) {
      var b = el('button', {type: 'button', 'class': 'tx-ax-head', 'data-head': h, 'aria-pressed': String(on),
        title: 'Show or hide head ' + (h + 1) + '; double-click to show it alone'}, heads);
      el('span', {'class': 'tx-ax-sw', style: 'background:' + COLOURS[h % COLOURS.length]}, b);
      b.appendChild(document.createTextNode(String(h + 1)));
      b.onclick = function () {
        if (st.on[h] && active().length === 1) return;
        st.on[h] = !st.on[h]; draw(true); root.querySelector('[data-head="' + h + '"]').focus();
      };
      b.ondblclick = function () {
        var alone = st.on[h] && active().length === 1;
        st.on = st.on.map(function (x, n) { return alone || n === h; }); draw(true);
      };
    });
    var all = el('button', {type: 'button', 'class': 'tx-ax-all'}, heads, 'all');
    all.onclick = function () { st.on = st.on.map(function () { return true; }); draw(true); };
  }

  function draw(withControls) {
    var k = kind();
    if (!st.on) {
      st.on = k.w[0].map(function (x, h) { return !D.heads || D.heads.indexOf(h) >= 0; });
      if (st.layer >= k.w.length) st.layer = 0;
      if (st.on.indexOf(true) < 0) st.on = st.on.map(function () { return true; });
    }
    if (withControls) controls();
    stage.textContent = '';
    stage.onkeydown = null;
    tip.style.display = 'none';
    root.setAttribute('data-view', st.view);
    if (st.view === 'head') headView(stage, k, st.layer, active());
    else if (st.view === 'model') modelView(stage, k);
    else heatView(stage, k, st.layer, active());
    say();
  }

  // Head view: query tokens on the left, key tokens on the right, one line per pair and head.
  function headView(box, k, l, heads) {
    var q = k.q, kk = k.k, row = 22, top = 26, tw = Math.max(textWidth(q), textWidth(kk)), gap = 170;
    var width = 2 * tw + gap, height = top + Math.max(q.length, kk.length) * row + 4;
    var svg = sv('svg', {'class': 'tx-ax-headview', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height}, box);
    sv('text', {x: tw - 6, y: 14, 'text-anchor': 'end', 'class': 'tx-ax-axis'}, svg, 'query');
    sv('text', {x: tw + gap + 6, y: 14, 'class': 'tx-ax-axis'}, svg, 'key');
    var boxes = sv('g', {}, svg), lines = [], tokens = {q: [], k: []};
    var g = sv('g', {}, svg);
    heads.forEach(function (h, n) {
      // each head gets its own lane, a few pixels apart, so that overlaid heads stay apart
      var lane = row / 2 + (n - (heads.length - 1) / 2) * Math.min(3, 16 / heads.length);
      for (var i = 0; i < q.length; i++) for (var j = 0; j < kk.length; j++) {
        var w = weight(k, l, h, i, j);
        if (w < 0.005) continue;
        var line = sv('line', {'class': 'tx-ax-line', x1: tw, y1: top + i * row + lane, x2: tw + gap,
          y2: top + j * row + lane, stroke: COLOURS[h % COLOURS.length], 'stroke-width': 2,
          'stroke-opacity': Math.min(1, w).toFixed(3), 'data-q': i, 'data-k': j, 'data-h': h}, g);
        lines.push(line);
      }
    });
    function column(side, list, x) {
      list.forEach(function (t, i) {
        var tok = sv('g', {'class': 'tx-ax-tok', tabindex: 0, role: 'button', 'data-side': side, 'data-i': i,
          'aria-label': (side === 'q' ? 'query ' : 'key ') + (i + 1) + ': ' + t}, svg);
        sv('rect', {x: x, y: top + i * row, width: tw, height: row, rx: 3}, tok);
        sv('text', {x: side === 'q' ? x + tw - 6 : x + 6, y: top + i * row + 15, 'text-anchor': side === 'q' ? 'end' : 'start'}, tok, t);
        tok.onmouseenter = tok.onfocus = function () { if (!st.pin) show(side, i); };
        tok.onmouseleave = tok.onblur = function () { if (!st.pin) show(null); };
        tok.onclick = function () { pin(side, i); };
        tok.onkeydown = function (e) {
          var to = null;
          if (e.key === 'Enter' || e.key === ' ') { pin(side, i); e.preventDefault(); return; }
          if (e.key === 'Escape') { st.pin = null; show(side, i); return; }
          if (e.key === 'ArrowDown') to = tokens[side][i + 1];
          if (e.key === 'ArrowUp') to = tokens[side][i - 1];
          if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
            var other = e.key === 'ArrowRight' ? 'k' : 'q';
            to = tokens[other][Math.min(i, tokens[other].length - 1)];
          }
          if (to) { if (st.pin) { st.pin = null; } to.focus(); e.preventDefault(); }
        };
        tokens[side].push(tok);
      });
    }
    column('q', q, 0);
    column('k', kk, tw + gap);
    function pin(side, i) {
      var same = st.pin && st.pin[0] === side && st.pin[1] === i;
      st.pin = same ? null : [side, i];
      show(side, i);
    }
    function show(side, i) {
      boxes.textContent = '';
      tokens.q.concat(tokens.k).forEach(function (t) { t.classList.remove('on', 'blk'); });
      lines.forEach(function (line) {
        var keep = side === null || line.getAttribute(side === 'q' ? 'data-q' : 'data-k') === String(i);
        line.style.display = keep ? '' : 'none';
      });
      if (side === null) { say(); return; }
      tokens[side][i].classList.add('on');
      var otherSide = side === 'q' ? 'k' : 'q', others = side === 'q' ? kk : q, x = side === 'q' ? tw + gap : 0;
      var parts = [];
      heads.forEach(function (h, n) {
        var best = [];
        others.forEach(function (t, o) {
          var qi = side === 'q' ? i : o, kj = side === 'q' ? o : i, w = weight(k, l, h, qi, kj);
          if (blocked(k, qi, kj)) { tokens[otherSide][o].classList.add('blk'); return; }
          sv('rect', {x: x + n * tw / heads.length, y: top + o * row, width: tw / heads.length, height: row,
            fill: COLOURS[h % COLOURS.length], 'fill-opacity': (0.8 * w).toFixed(3)}, boxes);
          // a token that occurs twice (the two 'the's of a sentence) is told apart by its position
          best.push([w, quoted(t) + (others.indexOf(t) !== others.lastIndexOf(t) ? ' (position ' + (o + 1) + ')' : '')]);
        });
        best.sort(function (a, b) { return b[0] - a[0]; });
        parts.push('head ' + (h + 1) + ': ' + best.slice(0, 3).map(function (b) { return b[1] + ' ' + fixed(b[0]); }).join(', '));
      });
      var own = side === 'q' ? q[i] : kk[i];
      var blockedCount = tokens[otherSide].filter(function (t) { return t.classList.contains('blk'); }).length;
      say((side === 'q' ? quoted(own) + ' reads ' : quoted(own) + ' is read by ') + parts.join(' \u00b7 ')
        + (blockedCount ? ' (' + blockedCount + ' blocked by the mask, struck through)' : '')
        + (st.pin ? ' \u2014 pinned; Escape or click again to let go' : ''));
    }
    if (st.pin) show(st.pin[0], st.pin[1]);
    return svg;
  }

  // Model view: a thumbnail of every layer and head; one of them enlarged on request.
  function modelView(box, k) {
    if (st.detail) {
      var line = el('div', {}, box);
      var back = el('button', {type: 'button', 'class': 'tx-ax-back'}, line, '\u2190 all layers and heads');
      el('span', {'class': 'tx-ax-caption'}, line, ' layer ' + (st.detail[0] + 1) + ' \u00b7 head ' + (st.detail[1] + 1));
      back.onclick = function () { st.detail = null; st.pin = null; draw(false); focusThumb(); };
      var big = headView(box, k, st.detail[0], [st.detail[1]]);
      box.onkeydown = function (e) { if (e.key === 'Escape' && !st.pin) back.onclick(); };
      back.focus();
      return big;
    }
    box.onkeydown = null;
    var q = k.q, kk = k.k, heads = k.w[0].length, n = Math.max(q.length, kk.length);
    var step = Math.max(3, Math.min(9, 120 / n)), width = 96, height = n * step + 8;
    var grid = el('div', {'class': 'tx-ax-grid', style: 'grid-template-columns:auto repeat(' + heads + ',' + (width + 4) + 'px)'}, box);
    el('span', {}, grid);
    for (var h = 0; h < heads; h++) el('span', {'class': 'tx-ax-colhead'}, grid, 'head ' + (h + 1));
    k.w.forEach(function (layer, l) {
      el('span', {'class': 'tx-ax-rowhead'}, grid, 'layer ' + (l + 1));
      layer.forEach(function (x, h) {
        var thumb = el('div', {'class': 'tx-ax-thumb', tabindex: 0, role: 'button', 'data-layer': l, 'data-head': h,
          'aria-label': 'layer ' + (l + 1) + ', head ' + (h + 1) + ': enlarge'}, grid);
        var svg = sv('svg', {width: width, height: height}, thumb);
        for (var i = 0; i < q.length; i++) for (var j = 0; j < kk.length; j++) {
          var w = weight(k, l, h, i, j);
          if (w < 0.02) continue;
          sv('line', {x1: 6, y1: 4 + i * step + step / 2, x2: width - 6, y2: 4 + j * step + step / 2,
            stroke: COLOURS[h % COLOURS.length], 'stroke-width': 1.5, 'stroke-opacity': w.toFixed(2)}, svg);
        }
        thumb.onclick = function () { st.detail = [l, h]; st.pin = null; draw(false); };
        thumb.onkeydown = function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); thumb.onclick(); } };
      });
    });
  }
  function focusThumb() {
    var t = root.querySelector('.tx-ax-thumb');
    if (t) t.focus();
  }

  // Heat-map view: one map per head shown, rows the query tokens, columns the key tokens.
  function heatView(box, k, l, heads) {
    var q = k.q, kk = k.k, n = Math.max(q.length, kk.length);
    var cell = Math.max(12, Math.min(24, Math.floor(170 / n))), tw = Math.max(textWidth(q), textWidth(kk)) - 8;
    var wrap = el('div', {'class': 'tx-ax-maps'}, box);
    heads.forEach(function (h) {
      var width = tw + kk.length * cell + 6, height = 22 + tw + q.length * cell + 6, x0 = tw, y0 = 22 + tw;
      var svg = sv('svg', {'class': 'tx-ax-heat', width: width, height: height, tabindex: 0, 'data-head': h,
        'aria-label': 'Heat map of layer ' + (l + 1) + ', head ' + (h + 1) + ': arrow keys move between cells'}, wrap);
      sv('rect', {x: x0, y: 4, width: 12, height: 12, fill: COLOURS[h % COLOURS.length]}, svg);
      sv('text', {x: x0 + 18, y: 15, 'class': 'tx-ax-axis'}, svg, 'layer ' + (l + 1) + ' \u00b7 head ' + (h + 1));
      var rowLabels = q.map(function (t, i) {
        return sv('text', {x: x0 - 5, y: y0 + i * cell + cell / 2 + 4, 'text-anchor': 'end'}, svg, t);
      });
      var colLabels = kk.map(function (t, j) {
        var cx = x0 + j * cell + cell / 2 + 4;
        return sv('text', {x: cx, y: y0 - 5, transform: 'rotate(-90 ' + cx + ' ' + (y0 - 5) + ')'}, svg, t);
      });
      for (var i = 0; i < q.length; i++) for (var j = 0; j < kk.length; j++) {
        var x = x0 + j * cell, y = y0 + i * cell;
        if (blocked(k, i, j)) {
          sv('rect', {'class': 'tx-ax-cell tx-ax-blocked', x: x, y: y, width: cell, height: cell, 'data-i': i, 'data-j': j}, svg);
          sv('line', {x1: x + 2, y1: y + cell - 2, x2: x + cell - 2, y2: y + 2, stroke: '#9e9e9e', 'pointer-events': 'none'}, svg);
        } else {
          sv('rect', {'class': 'tx-ax-cell', x: x, y: y, width: cell, height: cell, fill: colour(weight(k, l, h, i, j)),
            'data-i': i, 'data-j': j}, svg);
        }
      }
      var cursor = sv('rect', {'class': 'tx-ax-cursor', width: cell, height: cell, fill: 'none', display: 'none'}, svg);
      var at = [0, 0];
      function show(i, j) {
        at = [i, j];
        cursor.setAttribute('x', x0 + j * cell); cursor.setAttribute('y', y0 + i * cell); cursor.setAttribute('display', '');
        rowLabels.forEach(function (t, r) { t.classList.toggle('on', r === i); });
        colLabels.forEach(function (t, c) { t.classList.toggle('on', c === j); });
        var text = 'layer ' + (l + 1) + ' \u00b7 head ' + (h + 1) + ' \u00b7 ' + quoted(q[i]) + ' \u2192 ' + quoted(kk[j]) + ': '
          + (blocked(k, i, j) ? 'blocked by the mask' : fixed(weight(k, l, h, i, j)));
        tip.textContent = text;
        tip.style.display = 'block';
        var r = root.getBoundingClientRect(), s = svg.getBoundingClientRect();
        tip.style.left = (s.left - r.left + root.scrollLeft + x0 + (j + 1) * cell + 6) + 'px';
        tip.style.top = (s.top - r.top + y0 + i * cell - 4) + 'px';
        say(text);
      }
      function hide() {
        cursor.setAttribute('display', 'none'); tip.style.display = 'none';
        rowLabels.concat(colLabels).forEach(function (t) { t.classList.remove('on'); });
        say();
      }
      svg.onmouseover = function (e) {
        var c = e.target;
        if (c.classList && c.classList.contains('tx-ax-cell')) show(+c.getAttribute('data-i'), +c.getAttribute('data-j'));
      };
      svg.onmouseleave = svg.onblur = hide;
      svg.onfocus = function () { show(at[0], at[1]); };
      svg.onkeydown = function (e) {
        var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}, m = moves[e.key];
        if (!m) return;
        e.preventDefault();
        show(Math.max(0, Math.min(q.length - 1, at[0] + m[0])), Math.max(0, Math.min(kk.length - 1, at[1] + m[1])));
      };
    });
    var legend = el('div', {'class': 'tx-ax-legend'}, box);
    el('span', {}, legend, '0');
    el('span', {'class': 'tx-ax-ramp', style: 'background:linear-gradient(to right,' + SCALE.map(function (c) {
      return 'rgb(' + c.join(',') + ')'; }).join(',') + ')'}, legend);
    el('span', {}, legend, '1 weight');
    if (k.mask) { el('span', {'class': 'tx-ax-sw tx-ax-blocked-sw'}, legend); el('span', {}, legend, 'blocked by the mask'); }
  }

  draw(true);
})();
