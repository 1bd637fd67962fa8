// The widget in headless Chromium (Debian's), used as a counsellor and a
// client would: a household filled in by keyboard, the result read and
// checked against the command line, the slider moved, two options compared,
// the language switched, the laskelma printed to PDF — with no network
// request after the page has loaded, no cookie, no console error, nothing
// stored until the visitor saves. Screenshots go to wasm/test-output/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WASM_DIR, cliJson } from "./common.mjs";
import { browser, serve } from "./server.mjs";

const OUT = join(WASM_DIR, "test-output");
mkdirSync(OUT, { recursive: true });

let server;
let context;
let page;
const problems = [];
const requests = [];
let loaded = false;

before(async () => {
  server = await serve(join(WASM_DIR, "www"));
  context = await browser();
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push({ url: r.url(), afterLoad: loaded }));
  await page.goto(`${server.url}/index.html`);
  await page.locator("#f-h-kunta").waitFor({ timeout: 60_000 });
  loaded = true;
});

after(async () => {
  await context?.close();
  await server?.close();
});

/** The widget's own state and a field's visibility, read in the page. */
const widget = (fn, arg) => page.evaluate(([f, a]) => new Function("w", "a", `return (${f})(w, a)`)(document.querySelector("etuus-laskuri"), a), [fn.toString(), arg]);

async function typeInto(selector, text) {
  await page.locator(selector).waitFor({ state: "visible", timeout: 5000 });
  await page.locator(selector).focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}

async function amount(name) {
  const text = await page.locator(`#row-${name} td`).innerText();
  return text.replace(/\s/gu, " ");
}

function euros(n) {
  return `${new Intl.NumberFormat("fi-FI", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(n))} €`.replace(/\s/gu, " ");
}

test("a household filled in by keyboard gives the command line's result", async () => {
  // The month picker's parts are the browser's own; the rest is typed.
  await page.locator("#month").fill("2026-06");
  await page.locator("#month").focus();
  // Tab from the month (its month and year parts) to the municipality, then on through the form.
  for (let i = 0; i < 3 && (await widget((w) => w.shadowRoot.activeElement.id)) !== "f-h-kunta"; i++) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await widget((w) => w.shadowRoot.activeElement.id), "f-h-kunta");
  assert.equal(await widget((w) => w.state.month), "2026-06");
  await page.keyboard.type("Tampere");
  await page.keyboard.press("Tab");
  assert.equal(await widget((w) => w.shadowRoot.activeElement.id), "f-h-asumismuoto");
  await page.keyboard.press("Tab");
  await page.keyboard.type("780");
  await typeInto("#f-0-ika", "34");
  // Fund membership is not asked of someone who is not unemployed. (The tax
  // card is: the earnings slider needs it for any pay above zero.)
  assert.equal(await page.locator("#f-0-tyottomyysturva-kassan_jasen").isVisible(), false);
  await page.locator("#f-0-veroprosentti").waitFor({ state: "visible" });
  assert.match(await page.locator("#chart-text").innerText(), /Tarvitaan laskentaan: ennakonpidätysprosentti/);
  await page.locator("#f-0-tyottomyysturva-tyoton_tyonhakija").focus();
  await page.keyboard.press("Space");
  await page.locator("#f-0-tyottomyysturva-kassan_jasen").waitFor({ state: "visible" });
  await typeInto("#f-0-veroprosentti", "20");
  await page.locator("#add-child").focus();
  await page.keyboard.press("Enter");
  await typeInto("#f-1-ika", "6");
  await page.keyboard.press("Tab");

  const household = await widget((w) => w.state.household);
  assert.equal(household.kunta, "837", "Tampere by its code");
  assert.equal(household.vuokra, 780);
  assert.equal(household.henkilot.hakija.veroprosentti, "20 %");
  assert.equal(household.henkilot.hakija.tyottomyysturva.tyoton_tyonhakija, true);
  assert.equal(household.henkilot.lapsi1.ika, 6);
  const command = cliJson(["calc", "-", "--month", "2026-06", "--format", "json"], household);
  for (const [name, r] of Object.entries(command.results)) {
    assert.equal(await amount(name), euros(r.amount), name);
  }
  assert.match(await page.locator("#results-title").innerText(), /6\/2026/);
  await page.screenshot({ path: join(OUT, "1-household.png"), fullPage: true });
});

test("the laskelma opens with its lines; sources are one click away", async () => {
  await page.locator("#laskelma-yleinen_asumistuki summary").click();
  const text = await page.locator("#laskelma-yleinen_asumistuki").innerText();
  assert.match(text, /hyväksyttävät asumismenot/);
  assert.doesNotMatch(text, /§/, "plain language: no sections in the main view");
  const everything = await widget((w) => w.shadowRoot.querySelector(".etuus").innerText);
  assert.doesNotMatch(everything, /§/, "no sections anywhere in the client's view");
  await page.locator("#mode-counsellor").click();
  const withSources = await page.locator("#laskelma-yleinen_asumistuki").innerText().catch(() => "");
  await page.locator("#laskelma-yleinen_asumistuki summary").click();
  const opened = await page.locator("#laskelma-yleinen_asumistuki").innerText();
  assert.match(withSources + opened, /938\/2014/);
  await page.screenshot({ path: join(OUT, "2-counsellor.png"), fullPage: true });
  await page.locator("#mode-client").click();
});

test("the earnings slider moves the pay and the results within a frame", async () => {
  const before = await amount("tyottomyysturva");
  await page.locator("#pay").focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowRight");
  const household = await widget((w) => w.state.household);
  assert.equal(household.henkilot.hakija.palkkatulo, 600);
  assert.equal(await page.locator("#f-0-palkkatulo").inputValue(), "600");
  // The benefit is adjusted to the pay (and, after the 2026 cut, the household keeps none of it).
  assert.notEqual(await amount("tyottomyysturva"), before);
  assert.ok(await page.locator("#chart svg path.after").count());
  const timings = await widget((w) => w.timings.slice(-12));
  const slowest = Math.max(...timings);
  console.log(`slider: recalculation ${Math.min(...timings).toFixed(1)}–${slowest.toFixed(1)} ms`);
  await page.screenshot({ path: join(OUT, "3-slider.png"), fullPage: true });
});

test("two options side by side: keep the current situation, change one thing", async () => {
  await page.locator("#keep").click();
  await typeInto("#f-h-vuokra", "650");
  await page.keyboard.press("Tab");
  const table = page.locator("#compare-table");
  await table.waitFor();
  const text = await table.innerText();
  assert.match(text, /Nykytilanne/);
  assert.match(text, /Lomakkeella nyt/);
  assert.match(text, /▲|▼/, "the changed rows are marked");
  await page.screenshot({ path: join(OUT, "4-compare.png"), fullPage: true });
});

test("the language switches to Swedish and English", async () => {
  await page.locator("#lang-sv").click();
  assert.match(await page.locator("#title").innerText(), /Förmånsräknare/);
  assert.match(await page.locator("#row-yleinen_asumistuki th").innerText(), /bostadsbidrag/i);
  await page.locator("#lang-en").click();
  assert.match(await page.locator("#row-yleinen_asumistuki th").innerText(), /housing allowance/i);
  assert.match(await page.locator("label[for=f-h-vuokra]").innerText(), /rent/i);
  await page.screenshot({ path: join(OUT, "5-english.png"), fullPage: true });
  await page.locator("#lang-fi").click();
});

test("the laskelma prints: the form hidden, every section open; a PDF", async () => {
  await widget((w) => {
    w.preparePrint();
  });
  await page.emulateMedia({ media: "print" });
  assert.equal(await widget((w) => getComputedStyle(w.shadowRoot.querySelector("form")).display), "none");
  assert.equal(await widget((w) => [...w.shadowRoot.querySelectorAll("details.laskelma")].every((d) => d.open)), true);
  const pdf = await page.pdf({ path: join(OUT, "laskelma.pdf"), format: "A4", printBackground: true });
  assert.equal(pdf.subarray(0, 4).toString(), "%PDF");
  assert.ok(pdf.length > 20_000, `${pdf.length} bytes`);
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
});

test("the summary is copied; nothing is stored until saved, and forgetting removes it", async () => {
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  await page.locator("#copy").click();
  await page.waitForFunction(() => document.querySelector("etuus-laskuri").lastSummary);
  assert.match(await widget((w) => w.lastSummary), /2026/);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.locator("#save").click();
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem("etuus-laskuri")));
  assert.equal(saved.household.kunta, "837");
  await page.locator("#forget").click();
  assert.equal(await page.evaluate(() => localStorage.length), 0);
});

test("every control has a label and a name a screen reader can read", async () => {
  const unlabelled = await widget((w) =>
    [...w.shadowRoot.querySelectorAll("input, select, textarea, button")]
      .filter((c) => c.offsetParent !== null)
      .filter((c) => {
        if (c.tagName === "BUTTON") return !(c.getAttribute("aria-label") || c.textContent.trim());
        return !(c.labels?.length && [...c.labels].some((l) => l.textContent.trim())) && !c.getAttribute("aria-label");
      })
      .map((c) => c.id || c.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  // The results are a table with row and column headers; the chart is an image with a description.
  assert.equal(await page.locator("#summary-table th[scope=row]").count() >= 4, true);
  assert.match(await page.locator("#chart svg desc").textContent(), /€/);
  assert.equal(await page.locator("#pay").getAttribute("aria-valuetext") !== null, true);
});

test("no network request after the page loaded, no cookie, no console error", async () => {
  const late = requests.filter((r) => r.afterLoad && !r.url.startsWith("data:"));
  assert.deepEqual(late, [], "requests after load");
  for (const r of requests) assert.ok(r.url.startsWith(server.url) || r.url.startsWith("data:"), r.url);
  assert.deepEqual(await context.cookies(), []);
  assert.equal(await page.evaluate(() => document.cookie), "");
  assert.deepEqual(problems, []);
  writeFileSync(join(OUT, "requests.json"), JSON.stringify(requests, null, 1));
});
