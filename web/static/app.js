// caregap's page: draws the charts (Apache ECharts) from the JSON the
// server puts beside each one, offers each as PNG and SVG, and keeps them
// drawn across htmx swaps. Every number is also in the table under its
// chart, which is the chart's text alternative.
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE';
  var charts = [];

  function fmt(v, dec) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    return new Intl.NumberFormat(lang, { minimumFractionDigits: dec, maximumFractionDigits: dec }).format(v);
  }

  // option builds the ECharts option of a chart spec (see web/charts.go).
  function option(spec) {
    var dec = spec.decimals || 0;
    var unit = spec.unit ? '\u00a0' + spec.unit : '';
    var base = {
      animation: false,
      aria: { enabled: true, label: { description: spec.description || spec.title } },
      textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 13, color: '#1b1b1b' },
      grid: { left: 24, right: 24, top: 64, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll', textStyle: { color: '#1b1b1b' } },
      toolbox: { right: 8, top: 24, feature: { saveAsImage: { title: spec.labels.png, name: spec.file, pixelRatio: 2, backgroundColor: '#ffffff' } } },
      yAxis: { type: 'value', name: spec.yName || '', nameTextStyle: { color: '#1b1b1b', align: 'left' },
        axisLabel: { color: '#1b1b1b', formatter: function (v) { return fmt(v, 0); } } },
      xAxis: { type: 'category', data: spec.x, axisLabel: spec.kind === 'lines' ? { color: '#1b1b1b' } :
        { color: '#1b1b1b', interval: 0, width: Math.max(60, Math.min(130, 900 / Math.max(1, spec.x.length))), overflow: 'break' } },
      series: []
    };
    if (spec.kind === 'lines') {
      base.tooltip = { trigger: 'axis', formatter: function (ps) {
        var i = ps[0].dataIndex, out = [spec.x[i]];
        spec.series.forEach(function (s) { out.push(s.name + ': ' + fmt(s.data[i], dec) + unit); });
        if (spec.band) { out.push(spec.band.name + ': ' + fmt(spec.band.low[i], dec) + ' – ' + fmt(spec.band.high[i], dec) + unit); }
        return out.join('<br>');
      } };
      if (spec.band) {
        base.series.push({ name: spec.band.name, type: 'line', data: spec.band.low, stack: 'band', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, color: spec.band.color });
        base.series.push({ name: spec.band.name, type: 'line', stack: 'band', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, color: spec.band.color,
          areaStyle: { color: spec.band.color, opacity: 0.25 },
          data: spec.band.high.map(function (h, i) { return h - spec.band.low[i]; }) });
      }
      spec.series.forEach(function (s) {
        base.series.push({ name: s.name, type: 'line', data: s.data, symbol: 'circle', symbolSize: 5, color: s.color,
          lineStyle: { width: 2.5, type: s.dashed ? 'dashed' : 'solid' } });
      });
      base.legend.data = spec.series.map(function (s) { return s.name; }).concat(spec.band ? [spec.band.name] : []);
    } else if (spec.kind === 'bars') {
      base.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return fmt(v, dec) + unit; } };
      spec.series.forEach(function (s) {
        base.series.push({ name: s.name, type: 'bar', data: s.data, color: s.color, barMaxWidth: 28 });
      });
    } else if (spec.kind === 'waterfall') {
      // Invisible bars lift each step to where the running total stands.
      var lift = [], up = [], down = [], total = [], run = 0;
      spec.steps.forEach(function (st, i) {
        if (st.total) { lift.push(0); up.push('-'); down.push('-'); total.push(st.value); run = st.value; return; }
        var from = run, to = run + st.value;
        lift.push(Math.min(from, to));
        total.push('-');
        if (st.value >= 0) { up.push(st.value); down.push('-'); } else { down.push(-st.value); up.push('-'); }
        run = to;
      });
      base.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
        var st = spec.steps[ps[0].dataIndex];
        return spec.x[ps[0].dataIndex] + ': ' + (st.total ? '' : (st.value >= 0 ? '+' : '')) + fmt(st.value, dec) + unit;
      } };
      base.series.push({ type: 'bar', stack: 'w', data: lift, itemStyle: { color: 'transparent' }, silent: true, tooltip: { show: false } });
      base.series.push({ name: spec.labels.total, type: 'bar', stack: 'w', data: total, color: '#0b4f8a' });
      base.series.push({ name: spec.labels.up, type: 'bar', stack: 'w', data: up, color: '#a3162a' });
      base.series.push({ name: spec.labels.down, type: 'bar', stack: 'w', data: down, color: '#1d5f2f' });
      base.legend.data = [spec.labels.total, spec.labels.up, spec.labels.down];
    }
    return base;
  }

  function download(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  // blobOf turns a data: URL into a Blob without fetching it (the
  // Content-Security-Policy allows connections to the server only).
  function blobOf(dataURL) {
    var i = dataURL.indexOf(','), head = dataURL.slice(5, i), bin = atob(dataURL.slice(i + 1));
    var bytes = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) { bytes[k] = bin.charCodeAt(k); }
    return new Blob([bytes], { type: head.split(';')[0] });
  }

  function svgOf(spec, el) {
    var div = document.createElement('div');
    div.style.width = el.clientWidth + 'px';
    div.style.height = el.clientHeight + 'px';
    div.style.position = 'absolute';
    div.style.left = '-10000px';
    document.body.appendChild(div);
    var c = echarts.init(div, null, { renderer: 'svg' });
    var opt = option(spec);
    delete opt.toolbox;
    c.setOption(opt);
    var svg = c.renderToSVGString();
    c.dispose();
    div.remove();
    return svg;
  }

  function draw(root) {
    if (typeof echarts === 'undefined') { return; }
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      if (el.getAttribute('data-drawn')) { return; }
      var src = document.getElementById(el.getAttribute('data-chart'));
      if (!src) { return; }
      var spec = JSON.parse(src.textContent);
      var c = echarts.init(el, null, { renderer: 'canvas' });
      c.setOption(option(spec));
      el.setAttribute('data-drawn', '1');
      charts.push(c);
      var box = el.closest('.chart-box');
      if (!box) { return; }
      var png = box.querySelector('[data-save="png"]'), svg = box.querySelector('[data-save="svg"]');
      if (png) {
        png.hidden = false;
        png.addEventListener('click', function () {
          download(spec.file + '.png', blobOf(c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' })));
        });
      }
      if (svg) {
        svg.hidden = false;
        svg.addEventListener('click', function () {
          download(spec.file + '.svg', new Blob([svgOf(spec, el)], { type: 'image/svg+xml' }));
        });
      }
    });
  }

  function forget(root) {
    charts = charts.filter(function (c) {
      if (root.contains(c.getDom())) { c.dispose(); return false; }
      return true;
    });
  }

  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:beforeSwap', function (e) { if (e.detail.target) { forget(e.detail.target); } });
  document.addEventListener('htmx:afterSettle', function (e) { draw(e.detail.elt && e.detail.elt.parentNode ? e.detail.elt.parentNode : document); draw(document); });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
