// The earnings chart: net income and income after housing costs by gross
// pay (left axis), the effective marginal tax rate dashed (right axis), and
// a marker at the pay on the form. Plain SVG, readable in black and white.

const NS = "http://www.w3.org/2000/svg";

function el(name, attributes = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

/** A round step for an axis spanning `span`. */
function niceStep(span, ticks) {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * @param {object} sweep the sweep document
 * @param {number} current the pay on the form
 * @param {object} w the widget's words
 * @param {(n: number) => string} euros formats an amount
 * @param {(n: number) => string} percent formats a rate
 */
export function chart(sweep, current, w, euros, percent) {
  const width = 640;
  const height = 316;
  const m = { left: 64, right: 56, top: 16, bottom: 80 };
  const points = sweep.points;
  const xs = points.map((p) => Number(p.value));
  const disposable = points.map((p) => Number(p.totals.disposable));
  const after = points.map((p) => Number(p.totals.after_housing));
  const rates = points.map((p) => (p.effective_marginal_tax_rate == null ? null : Number(p.effective_marginal_tax_rate)));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs) || 1;
  const yMin = Math.min(0, ...after);
  const yMaxRaw = Math.max(...disposable, ...after, 1);
  const yStep = niceStep(yMaxRaw - yMin, 5);
  const yMax = Math.ceil(yMaxRaw / yStep) * yStep;
  const rMax = Math.max(1, ...rates.filter((r) => r != null).map((r) => Math.ceil(r * 4) / 4));
  const px = (x) => m.left + ((x - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const py = (y) => height - m.bottom - ((y - yMin) / (yMax - yMin || 1)) * (height - m.top - m.bottom);
  const pr = (r) => height - m.bottom - (r / rMax) * (height - m.top - m.bottom);

  const svg = el("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    class: "chart",
    "aria-labelledby": "chart-title chart-desc",
  });
  svg.append(el("title", { id: "chart-title" }, w.chartTitle));
  const here = points.reduce((best, p, i) => (Math.abs(xs[i] - current) < Math.abs(xs[best] - current) ? i : best), 0);
  svg.append(
    el(
      "desc",
      { id: "chart-desc" },
      w.chartSummary(euros(xs[here]), euros(after[here]), rates[here + 1] == null ? null : percent(rates[here + 1])),
    ),
  );

  // Grid and left axis.
  const grid = el("g", { class: "grid" });
  for (let y = yMin; y <= yMax + 1e-9; y += yStep) {
    grid.append(el("line", { x1: m.left, x2: width - m.right, y1: py(y), y2: py(y) }));
    grid.append(el("text", { x: m.left - 6, y: py(y) + 4, "text-anchor": "end" }, euros(y).replace(/[,.]00\s*€$/, " €")));
  }
  const xStep = niceStep(x1 - x0, 6);
  for (let x = Math.ceil(x0 / xStep) * xStep; x <= x1 + 1e-9; x += xStep) {
    grid.append(el("line", { x1: px(x), x2: px(x), y1: height - m.bottom, y2: height - m.bottom + 4 }));
    grid.append(el("text", { x: px(x), y: height - m.bottom + 18, "text-anchor": "middle" }, String(Math.round(x))));
  }
  for (let r = 0; r <= rMax + 1e-9; r += 0.25) {
    grid.append(el("text", { x: width - m.right + 6, y: pr(r) + 4, "text-anchor": "start" }, `${Math.round(r * 100)} %`));
  }
  grid.append(el("text", { x: (m.left + width - m.right) / 2, y: height - m.bottom + 36, "text-anchor": "middle" }, w.chartAxis));
  svg.append(grid);

  const path = (values, scale) =>
    values
      .map((v, i) => (v == null ? null : `${px(xs[i]).toFixed(1)},${scale(v).toFixed(1)}`))
      .filter(Boolean)
      .map((p, i) => (i === 0 ? `M${p}` : `L${p}`))
      .join(" ");
  svg.append(el("path", { d: path(disposable, py), class: "line disposable" }));
  svg.append(el("path", { d: path(after, py), class: "line after" }));
  svg.append(el("path", { d: path(rates, pr), class: "line rate" }));
  svg.append(el("line", { x1: px(current), x2: px(current), y1: m.top, y2: height - m.bottom, class: "marker" }));

  // Legend under the axis label.
  const legend = el("g", { class: "legend" });
  const items = [
    ["disposable", w.chartDisposable],
    ["after", w.chartAfterHousing],
    ["rate", `${w.chartRate} (→)`],
  ];
  // Two items on the first row, the rate (right axis) under them.
  items.forEach(([cls, label], i) => {
    const lx = 8 + (i % 2) * (width / 2);
    const ly = height - 24 + Math.floor(i / 2) * 18;
    legend.append(el("line", { x1: lx, x2: lx + 24, y1: ly - 4, y2: ly - 4, class: `line ${cls}` }));
    legend.append(el("text", { x: lx + 30, y: ly }, label));
  });
  svg.append(legend);
  return svg;
}
