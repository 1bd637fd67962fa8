// Measures the browser build against its budget (BENCHMARKS.md): the size of
// what a visitor downloads (gzip), the time until the calculator answers,
// and the time of a recalculation after an input change, the slider's whole
// sweep included, in headless Chromium on this machine.
//
//   node wasm/scripts/measure.mjs [--runs 5]

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DIST, WASM_DIR } from "../tests/js/common.mjs";
import { browser, serve } from "../tests/js/server.mjs";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// Sizes.
let raw = 0;
let gz = 0;
const rows = [];
for (const file of readdirSync(DIST).sort()) {
  const bytes = readFileSync(join(DIST, file));
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  rows.push(`| ${file} | ${kb(bytes.length)} | ${kb(g)} |`);
}
console.log("| File | Size | gzip -9 |\n|---|---|---|");
console.log(rows.join("\n"));
console.log(`| **total (wasm + JS)** | **${kb(raw)}** | **${kb(gz)}** |\n`);

// Timings.
const server = await serve(join(WASM_DIR, "www"));
const loads = [];
const ready = [];
const changes = [];
const slider = [];
const questions = [];
for (let run = 0; run < runs; run++) {
  const context = await browser();
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.locator("#f-h-kunta").waitFor({ timeout: 60_000 });
  const t = await page.evaluate(() => ({
    load: performance.getEntriesByType("navigation")[0].loadEventEnd,
    ready: performance.getEntriesByName("etuus-ready")[0]?.startTime,
  }));
  loads.push(t.load);
  // Ready: from navigation start until the rules are loaded and the first result is on the page.
  ready.push(t.ready);
  // A household, then input changes: each recalculates the results, the
  // questions, the sweep of the slider (0–5 000 € in 100 € steps) and the chart.
  await page.evaluate(() => {
    const w = document.querySelector("etuus-laskuri");
    w.state.household = {
      kunta: "837", vuokra: 780, toimeentulotuki: { vesimaksu: 40 },
      henkilot: { hakija: { ika: 34, veroprosentti: "20 %", tyottomyysturva: { tyoton_tyonhakija: true } }, lapsi1: { ika: 6 } },
    };
    w.state.month = "2026-06";
    w.rebuild();
  });
  const rent = page.locator("#f-h-vuokra");
  for (let i = 0; i < 20; i++) {
    await rent.fill(String(700 + i * 5));
  }
  await page.waitForTimeout(200);
  changes.push(...(await page.evaluate(() => document.querySelector("etuus-laskuri").timings.slice(-20))));
  questions.push(...(await page.evaluate(() => document.querySelector("etuus-laskuri").relevanceTimings.slice(-5))));
  const pay = page.locator("#pay");
  await pay.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
  slider.push(...(await page.evaluate(() => document.querySelector("etuus-laskuri").timings.slice(-20))));
  await context.close();
}
await server.close();
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms, slowest ${Math.max(...xs).toFixed(1)} ms`;
console.log("| Timing (headless Chromium) | Result |\n|---|---|");
console.log(`| page load event | median ${median(loads).toFixed(0)} ms |`);
console.log(`| calculator ready (rules loaded, form and first result drawn), from navigation start | median ${median(ready).toFixed(0)} ms |`);
console.log(`| input change: results, sweep of 51 pay levels, chart (${changes.length} changes) | ${fmt(changes)} |`);
console.log(`| slider step: results, chart (${slider.length} steps) | ${fmt(slider)} |`);
console.log(`| then, after the frame: which questions still matter (${questions.length} updates) | ${fmt(questions)} |`);
