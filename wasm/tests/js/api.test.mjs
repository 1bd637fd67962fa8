// The JavaScript API in Node: the same results as the command line for every
// fixture household and snapshot month, and structured errors for bad input.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, cliJson, cliJsonAsync, fixtures, snapshotMonths } from "./common.mjs";

const { load, EtuusError } = await import(join(DIST, "etuus.js"));
const etuus = await load({ wasm: readFileSync(join(DIST, "etuus_wasm_bg.wasm")) });

const AINO = {
  kunta: "Tampere",
  vuokra: 780,
  toimeentulotuki: { vesimaksu: 40 },
  henkilot: {
    aino: { ika: 34, veroprosentti: "20 %", tyottomyysturva: { tyoton_tyonhakija: true } },
    lapsi: { ika: 6 },
  },
};

/** The error a call throws. */
function thrown(run) {
  try {
    run();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

test("calculate equals `etuus calc --format json` for every fixture and snapshot month", async () => {
  const months = snapshotMonths();
  assert.ok(months.length >= 8, `months from etuus::REVIEW_MONTHS: ${months}`);
  const cases = fixtures().flatMap((f) => months.map((month) => ({ ...f, month })));
  // Two command lines at a time: the machine has two cores.
  let next = 0;
  let compared = 0;
  const worker = async () => {
    while (next < cases.length) {
      const { name, file, household, month } = cases[next++];
      const command = await cliJsonAsync(["calc", file, "--month", month, "--format", "json"]);
      const browser = etuus.calculate(household, { month, lang: "fi" });
      assert.deepEqual(browser, command, `${name} ${month}`);
      compared++;
    }
  };
  await Promise.all([worker(), worker()]);
  assert.equal(compared, cases.length);
  assert.ok(compared >= 96, `compared ${compared}`);
});

test("explain, compare and sweep equal the command line's JSON", () => {
  const month = "2026-06";
  const explained = etuus.calculate(AINO, { month, lang: "en", explain: true });
  assert.deepEqual(explained, cliJson(["calc", "-", "--month", month, "--explain", "--lang", "en", "--format", "json"], AINO));
  const compared = etuus.compare(AINO, [{ name: "job", set: { "aino.palkkatulo": 600 } }], { month });
  const command = cliJson(["compare", "-", "--month", month, "--option", "job", "--set", "aino.palkkatulo=600", "--format", "json"], AINO);
  assert.deepEqual({ ...compared, receipt: undefined }, { ...command, receipt: undefined });
  const swept = etuus.sweep(AINO, { month, vary: { path: "aino.palkkatulo", from: 0, to: 1500, step: 100 } });
  const line = cliJson(["sweep", "-", "--month", month, "--vary", "aino.palkkatulo=0..1500:100", "--format", "json"], AINO);
  assert.deepEqual({ ...swept, receipt: undefined }, { ...line, receipt: undefined });
  assert.equal(swept.points.length, 16);
});

test("every answer carries its receipt and month", () => {
  const month = "2026-06";
  const rules = etuus.receipt.rules_sha256;
  assert.match(rules, /^[0-9a-f]{64}$/);
  for (const doc of [
    etuus.calculate(AINO, { month }),
    etuus.explain(AINO, { month }),
    etuus.summary(AINO, { month }),
    etuus.compare(AINO, [{ set: { vuokra: 700 } }], { month }),
    etuus.sweep(AINO, { month, vary: { path: "aino.palkkatulo", from: 0, to: 100, step: 50 } }),
    etuus.relevantInputs(AINO, { month }),
  ]) {
    assert.equal(doc.month, month);
    assert.equal(doc.receipt.rules_sha256, rules);
    assert.ok(doc.receipt.engine_version);
  }
});

test("without a month the visitor's month is used, or the rules' last with a notice", () => {
  const meta = etuus.metadata();
  const doc = etuus.calculate(AINO, {});
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  if (today > meta.coverage.last) {
    assert.equal(doc.month, meta.coverage.last);
    assert.match(doc.notices[0], new RegExp(meta.coverage.last.slice(0, 4)));
  } else {
    assert.equal(doc.month, today);
  }
  const later = etuus.calculate(AINO, { today: "2030-03", lang: "en" });
  assert.equal(later.month, meta.coverage.last);
  assert.match(later.notices[0], /2030-03/);
});

test("bad input is an EtuusError naming the field and what it allows", () => {
  let e = thrown(() => etuus.calculate({ kunta: "Tampere", henkilot: { a: { ika: -3 } } }, { month: "2026-06" }));
  assert.ok(e instanceof EtuusError);
  assert.deepEqual(e.toJSON(), {
    kind: "out_of_range",
    field: "henkilot.a.ika",
    message: e.message,
    allowed: "a whole number 0 … 120",
  });
  e = thrown(() => etuus.calculate({ kunta: "Turkku", henkilot: { a: { ika: 30 } } }, { month: "2026-06" }));
  assert.equal(e.field, "kunta");
  assert.match(e.message, /Turku/);
  e = thrown(() => etuus.calculate({ henkilot: { a: { ika: 30 } } }, { month: "2026-06" }));
  assert.equal(e.kind, "missing");
  assert.equal(e.field, "kunta");
  e = thrown(() => etuus.calculate({ kunta: "Tampere", vuokra: "paljon", henkilot: { a: {} } }, { month: "2026-06" }));
  assert.equal(e.field, "vuokra");
  assert.ok(e.allowed);
  e = thrown(() => etuus.calculate(AINO, { month: "2035-01" }));
  assert.equal(e.field, "options.month");
  assert.match(e.message, /assumeLatest/);
  e = thrown(() => etuus.calculate(AINO, { mnth: "2026-06" }));
  assert.equal(e.kind, "options");
  assert.equal(e.field, "options.mnth");
  e = thrown(() => etuus.calculate(null));
  assert.equal(e.kind, "syntax");
  e = thrown(() => etuus.compare(AINO, "not a list"));
  assert.equal(e.field, "options");
  e = thrown(() => etuus.sweep(AINO, { month: "2026-06", vary: { path: "aino.palkkatulo", from: 0, to: 10, step: -1 } }));
  assert.equal(e.field, "options.vary.step");
});

test("no input makes the engine fail: every error is structured, none internal", () => {
  const values = [null, true, -1, 0, 1e12, "", "x", "20 %", "2026-13-01", [], {}, [1], { a: 1 }, 1.23456789012345678];
  const meta = etuus.metadata();
  let errors = 0;
  for (const input of meta.inputs) {
    for (const value of values) {
      const household = { kunta: "Tampere", henkilot: { a: { ika: 30 } } };
      const [ns, name] = input.name.includes(".") ? input.name.split(".") : [null, input.name];
      const target = input.entity === "henkilot" ? household.henkilot.a : household;
      if (ns) target[ns] = { [name]: value };
      else target[name] = value;
      try {
        etuus.calculate(household, { month: "2026-06" });
      } catch (e) {
        errors++;
        assert.ok(e instanceof EtuusError, `${input.name}=${JSON.stringify(value)}: ${e}`);
        assert.notEqual(e.kind, "internal", `${input.name}=${JSON.stringify(value)}: ${e.message}`);
        assert.equal(typeof e.message, "string");
      }
    }
  }
  assert.ok(errors > 100, `${errors} errors`);
});

test("relevantInputs asks about fund membership only once the person is unemployed", () => {
  const working = { kunta: "Tampere", vuokra: 700, henkilot: { aino: { ika: 30, palkkatulo: 2000, veroprosentti: "20 %" } } };
  let r = etuus.relevantInputs(working, { month: "2026-06" });
  assert.ok(r.members.henkilot.aino.includes("tyottomyysturva.tyoton_tyonhakija"));
  assert.ok(!r.members.henkilot.aino.includes("tyottomyysturva.kassan_jasen"));
  working.henkilot.aino.tyottomyysturva = { tyoton_tyonhakija: true };
  r = etuus.relevantInputs(working, { month: "2026-06" });
  assert.ok(r.members.henkilot.aino.includes("tyottomyysturva.kassan_jasen"));
  assert.ok(r.household.includes("kunta"));
});

test("metadata describes the inputs in fi, sv and en with units, ranges and defaults", () => {
  const meta = etuus.metadata();
  assert.deepEqual(meta.languages, ["fi", "sv", "en"]);
  assert.equal(meta.coverage.first, "2021-01");
  const rent = meta.inputs.find((i) => i.name === "vuokra");
  assert.equal(rent.type, "money");
  assert.equal(rent.unit.code, "eur/month");
  assert.ok(rent.labels.fi && rent.labels.sv && rent.labels.en);
  assert.equal(rent.min, 0);
  assert.equal(rent.default, 0);
  const kunta = meta.inputs.find((i) => i.name === "kunta");
  assert.ok(kunta.required);
  assert.ok(kunta.values.some((v) => v.labels.fi === "Tampere"));
  assert.ok(kunta.values.some((v) => v.rejected), "Åland municipalities are refused with a reason");
  assert.ok(meta.results.some((r) => r.name === "yleinen_asumistuki" && r.default));
});

test("the summary is text to copy", () => {
  const s = etuus.summary(AINO, { month: "2026-06", lang: "sv" });
  assert.match(s.text, /2026/);
  assert.ok(s.markdown.length > 100);
});
