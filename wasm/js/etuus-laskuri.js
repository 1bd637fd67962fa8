// <etuus-laskuri>: the etuus benefit calculator as one element.
//
//   <script type="module" src="/etuus/etuus-laskuri.js"></script>
//   <etuus-laskuri lang="fi"></etuus-laskuri>
//
// Attributes: lang (fi | sv | en), mode (client: plain language, the default;
// counsellor: sections and formulas shown), month (YYYY-MM; default: the
// visitor's current month, or the rules' last month once it is past them).
//
// Everything runs in the visitor's browser. After the element has loaded
// its files it makes no network request, sets no cookie, and stores nothing
// unless the visitor presses "Save", and then only in this page's local
// storage, with a button to forget it.

import { load } from "./etuus.js";
import { WORDS } from "./laskuri-words.js";
import { chart } from "./laskuri-chart.js";

const STORAGE_KEY = "etuus-laskuri";
/** The results that are totals of the others, shown last and bold. */
const TOTALS = ["etuudet_yhteensa", "kaytettavissa_olevat_tulot"];
/** The questions asked first; the others that matter are under "More questions". */
const PRIMARY = {
  root: ["kunta", "asumismuoto", "vuokra"],
  member: [
    "ika",
    "palkkatulo",
    "veroprosentti",
    "opiskelija",
    "tyottomyysturva.tyoton_tyonhakija",
    "tyottomyysturva.tyossaoloehto_taytetty",
    "tyottomyysturva.kassan_jasen",
    "tyottomyysturva.palkka_ennen_tyottomyytta",
  ],
  /** A person's first questions, asked before the rules can tell what else matters. */
  first: ["ika", "palkkatulo", "veroprosentti", "opiskelija", "tyottomyysturva.tyoton_tyonhakija"],
};
const INCOME = new Set([
  "palkkatulo", "yrittajatulo", "tyottomyysetuus_paivaraha", "muu_paivaraha", "elaketulo", "opintoraha",
  "korko_ja_osinkotulot", "muut_tulot", "talletukset", "muu_varallisuus", "elatusapu", "lapsilisa", "veroprosentti",
]);
/** The chart's pay levels (the slider moves in steps of 50 €). */
const SWEEP = { to: 5000, step: 100, slider: 50 };
const LOCALES = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

const STYLE = `
:host { display: block; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  --accent: var(--etuus-accent, #0b4f8a); --line: #c8ccd2; --soft: #f3f5f8; --bad: #a4000f; max-width: 72rem; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
h2 { font-size: 1.35rem; margin: 0 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1rem 0 .5rem; }
button, input, select { font: inherit; color: inherit; }
button { border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: .4rem; padding: .35rem .75rem; cursor: pointer; }
button.primary, button[aria-pressed="true"] { background: var(--accent); color: #fff; }
button:hover { text-decoration: underline; }
:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
.top { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; justify-content: space-between; border-bottom: 2px solid var(--accent); padding-bottom: .5rem; margin-bottom: .75rem; }
.top h2 { margin: 0; }
.switches { display: flex; gap: 1rem; flex-wrap: wrap; }
.switch { display: flex; gap: .25rem; align-items: center; border: 0; padding: 0; margin: 0; }
.switch legend { float: left; margin-right: .4rem; font-weight: 600; }
.privacy { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .75rem; margin: 0 0 1rem; }
.layout { display: grid; grid-template-columns: minmax(18rem, 26rem) 1fr; gap: 1.5rem; align-items: start; }
@media (max-width: 52rem) { .layout { grid-template-columns: 1fr; } }
fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .9rem .9rem; margin: 0 0 1rem; }
legend { font-weight: 700; padding: 0 .3rem; }
.field { margin: .55rem 0; }
.field label { display: block; font-weight: 600; }
.field.check label { display: flex; gap: .5rem; align-items: baseline; font-weight: 600; }
.field input[type=text], .field input[type=date], .field input[type=month], .field select { width: 100%; padding: .35rem .45rem; border: 1px solid #6b7280; border-radius: .3rem; background: #fff; }
.field .unit { color: #444; font-weight: 400; }
.field .help { color: #444; font-size: .9rem; margin: .1rem 0 0; }
.field .error { color: var(--bad); font-size: .95rem; margin: .2rem 0 0; font-weight: 600; }
.field [aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
details.more { margin: .5rem 0; }
details.more > summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.person-actions, .add-people, .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; }
.status { min-height: 1.5rem; }
.status.bad { color: var(--bad); font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; margin-bottom: .25rem; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #333; }
tr.amount th, tr.amount td { font-weight: 700; }
.laskelma { margin: .25rem 0 .75rem; }
.laskelma summary { cursor: pointer; color: var(--accent); }
.laskelma .member { color: #444; }
.laskelma .formula { font-family: ui-monospace, monospace; font-size: .85rem; color: #333; }
.ref { color: #444; font-size: .9rem; }
.flag { font-size: .88rem; color: #5a3b00; margin: .15rem 0 0; }
.notice { background: #fff7e0; border-left: 4px solid #b77b00; padding: .4rem .7rem; margin: .5rem 0; }
.chart { width: 100%; height: auto; max-width: 44rem; }
.chart .grid line { stroke: #d0d4da; }
.chart text { font-size: 12px; fill: #333; }
.chart .line { fill: none; stroke-width: 2.5; }
.chart .disposable { stroke: #0b4f8a; }
.chart .after { stroke: #111; stroke-width: 4; }
.chart .rate { stroke: #a4000f; stroke-dasharray: 6 4; stroke-width: 2; }
.chart .marker { stroke: #e8a200; stroke-width: 2; }
.slider input[type=range] { width: 100%; max-width: 44rem; }
.compare-table td.num.better { color: #0a6b2b; }
.compare-table td.num.worse { color: var(--bad); }
.etuus:not(.sources) .ref-col { display: none; }
.receipt { color: #444; font-size: .85rem; word-break: break-all; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
textarea.copy { width: 100%; min-height: 10rem; font-family: ui-monospace, monospace; font-size: .85rem; }
.print-only { display: none; }
@media print {
  :host { font-size: 11pt; color: #000; max-width: none; }
  .top .switches, .privacy, form, .slider, .compare-controls, .actions, .status, .laskelma > summary { display: none !important; }
  .layout { display: block; }
  .print-only { display: block; }
  .laskelma { break-inside: auto; }
  h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  .ref-col { display: table-cell !important; }
  a { color: #000; text-decoration: none; }
  button { display: none !important; }
}
`;

/** A number the way people type it: `1 250,50`, `1250.5`, `1,250.50` (en). */
function parseNumber(text, lang) {
  let t = text.replace(/[\s\u00a0€%]/g, "");
  if (t === "") return null;
  if (lang === "en") t = t.replace(/,/g, "");
  else t = t.replace(/\./g, t.includes(",") ? "" : ".").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

/** Reads and writes an input in a household object by its path. */
function getPath(object, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), object);
}
function setPath(object, path, value) {
  const keys = path.split(".");
  let o = object;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  if (value === undefined) {
    delete o[keys.at(-1)];
    // Leave no empty namespace behind.
    if (keys.length > 1 && Object.keys(o).length === 0) setPath(object, keys.slice(0, -1).join("."), undefined);
  } else {
    o[keys.at(-1)] = value;
  }
}

class EtuusLaskuri extends HTMLElement {
  static get observedAttributes() {
    return ["lang", "mode", "month"];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.state = {
      household: { henkilot: {} },
      month: "",
      options: [],
      sweepPerson: null,
    };
    this.lang = "fi";
    this.sources = false;
    this.formulas = false;
    this.fields = new Map();
    this.relevance = null;
    this.errors = new Map();
    this.sweepCache = { key: null, doc: null };
    this.timings = [];
    this.relevanceTimings = [];
    /** The laskelma sections open: calculated with the explanation. */
    this.open = new Set();
    this.printing = false;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === "lang" && value && WORDS[value] && value !== this.lang) {
      this.lang = value;
      if (this.engine) this.rebuild();
    }
    if (name === "mode") {
      const counsellor = value === "counsellor";
      this.sources = counsellor;
      this.formulas = counsellor;
      if (this.engine) this.rebuild();
    }
    if (name === "month" && this.engine) {
      this.state.month = value ?? "";
      this.rebuild();
    }
  }

  get w() {
    return WORDS[this.lang];
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    const lang = (this.getAttribute("lang") || document.documentElement.lang || "fi").slice(0, 2);
    this.lang = WORDS[lang] ? lang : "fi";
    this.sources = this.formulas = this.getAttribute("mode") === "counsellor";
    this.state.month = this.getAttribute("month") || "";
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.main = document.createElement("div");
    this.main.setAttribute("role", "status");
    this.main.textContent = this.w.loading;
    this.root.append(style, this.main);
    const started = performance.now();
    load()
      .then((engine) => {
        this.engine = engine;
        this.meta = engine.metadata();
        this.inputs = new Map(this.meta.inputs.map((i) => [i.name, i]));
        this.restore();
        if (Object.keys(this.state.household.henkilot).length === 0) {
          this.state.household.henkilot[this.w.firstPerson] = {};
        }
        this.rebuild();
        this.loadedIn = performance.now() - started;
        // For publishers measuring their page: when the calculator answered first.
        performance.mark?.("etuus-ready");
        this.dispatchEvent(new CustomEvent("etuus-ready", { detail: { ms: this.loadedIn } }));
      })
      .catch((e) => {
        this.main.textContent = `${this.w.loadFailed}: ${e.message}`;
        this.main.className = "status bad";
      });
  }

  // ---- Formatting -------------------------------------------------------

  /** A number format of the page's language, made once. */
  format(key, options) {
    this.formats ??= new Map();
    const id = `${this.lang}:${key}`;
    if (!this.formats.has(id)) this.formats.set(id, new Intl.NumberFormat(LOCALES[this.lang], options));
    return this.formats.get(id);
  }

  euros(n) {
    if (n == null || Number.isNaN(Number(n))) return "—";
    return `${this.format("eur", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(n))} €`;
  }

  percent(r) {
    return `${this.format("pct", { maximumFractionDigits: 0 }).format(Number(r) * 100)} %`;
  }

  monthLabel(m) {
    const [y, mm] = m.split("-");
    return this.lang === "en" ? m : `${Number(mm)}/${y}`;
  }

  label(labels) {
    return labels?.[this.lang] || labels?.fi || "";
  }

  /** Plain language: no sections in the main view. */
  plain(text) {
    if (this.sources || !text) return text;
    return text
      .replace(/\s*\([^()]*§[^()]*\)/g, "") // (12 § 1 mom.)
      .replace(/\s*\b\d{1,4}\/\d{4}(\s+\d+\s+(luku|kap\.|chapter))?\s+\d+\s*[a-z]?\s*§(\s*\d+\s*(mom\.|mom|kohta|subsection))*/g, "") // 1412/1997 11 §
      .replace(/\s*\b\d+\s*[a-z]?\s*§(\s*\d+\s*(mom\.|mom|kohta|subsection))*/g, "") // 7 a § 2 mom.
      .replace(/\s*§/g, "")
      .replace(/\s+([.,;:])/g, "$1");
  }

  options(extra = {}) {
    const o = { lang: this.lang, ...extra };
    if (this.state.month) o.month = this.state.month;
    return o;
  }

  // ---- Building the page ------------------------------------------------

  rebuild() {
    const focused = this.root.activeElement?.id;
    const w = this.w;
    this.fields.clear();
    const main = document.createElement("div");
    main.className = this.sources ? "etuus sources" : "etuus";
    main.innerHTML = `
      <div class="top">
        <h2 id="title"></h2>
        <div class="switches">
          <fieldset class="switch" id="langs"><legend></legend></fieldset>
          <fieldset class="switch" id="modes"><legend></legend></fieldset>
        </div>
      </div>
      <p class="privacy" id="privacy"></p>
      <div class="layout">
        <form id="form" novalidate></form>
        <section id="output" aria-labelledby="results-title">
          <h2 id="results-title"></h2>
          <div id="notices"></div>
          <div class="status" id="status" role="status" aria-live="polite"></div>
          <div id="results"></div>
          <section class="slider" id="slider" aria-labelledby="slider-title"></section>
          <section id="compare" aria-labelledby="compare-title"></section>
          <div class="actions" id="actions"></div>
          <div id="copy-area"></div>
          <p class="storage" id="storage" role="status"></p>
          <div class="print-only" id="print-extra"></div>
        </section>
      </div>
      <div class="sr-only" id="announce" aria-live="polite"></div>`;
    this.main.replaceWith(main);
    this.main = main;
    this.$ = (id) => main.querySelector(`#${id}`);
    this.$("title").textContent = w.title;
    this.$("privacy").textContent = w.privacy;
    this.$("results-title").textContent = w.results;

    const langs = this.$("langs");
    langs.querySelector("legend").textContent = w.language;
    for (const code of this.meta.languages) {
      const b = document.createElement("button");
      b.type = "button";
      b.id = `lang-${code}`;
      b.lang = code;
      b.textContent = code.toUpperCase();
      b.setAttribute("aria-label", { fi: "suomi", sv: "svenska", en: "English" }[code] ?? code);
      b.setAttribute("aria-pressed", String(code === this.lang));
      b.addEventListener("click", () => {
        this.lang = code;
        this.setAttribute("lang", code);
        this.rebuild();
      });
      langs.append(b);
    }
    const modes = this.$("modes");
    modes.querySelector("legend").textContent = w.view;
    for (const [id, text, on] of [
      ["mode-client", w.modeClient, !this.sources],
      ["mode-counsellor", w.modeCounsellor, this.sources],
    ]) {
      const b = document.createElement("button");
      b.type = "button";
      b.id = id;
      b.textContent = text;
      b.setAttribute("aria-pressed", String(on));
      b.addEventListener("click", () => {
        this.sources = this.formulas = id === "mode-counsellor";
        this.rebuild();
      });
      modes.append(b);
    }

    this.buildForm();
    this.buildActions();
    this.recalculate();
    if (focused) this.root.getElementById(focused)?.focus();
  }

  buildForm() {
    const w = this.w;
    const form = this.$("form");
    form.addEventListener("submit", (e) => e.preventDefault());
    form.setAttribute("aria-label", w.household);

    // The month.
    const mField = document.createElement("div");
    mField.className = "field month";
    mField.innerHTML = `<label for="month"></label><input type="month" id="month"><p class="help" id="month-help"></p>`;
    mField.querySelector("label").textContent = w.month;
    const mInput = mField.querySelector("input");
    mInput.min = this.meta.coverage.first;
    mInput.max = this.meta.coverage.last;
    mInput.value = this.state.month;
    mInput.setAttribute("aria-describedby", "month-help");
    mField.querySelector(".help").textContent = `${w.monthHint} (${this.monthLabel(this.meta.coverage.first)}–${this.monthLabel(this.meta.coverage.last)})`;
    for (const event of ["input", "change"]) {
      mInput.addEventListener(event, () => {
        if (this.state.month === mInput.value) return;
        this.state.month = mInput.value;
        this.recalculate();
      });
    }
    form.append(mField);

    // The home.
    const home = document.createElement("fieldset");
    home.innerHTML = `<legend></legend>`;
    home.querySelector("legend").textContent = w.home;
    const rootInputs = this.meta.inputs.filter((i) => i.entity !== "henkilot");
    this.addFields(home, rootInputs, null, PRIMARY.root, (i) => (i.namespace === "asumistuki" ? "asumistuki" : i.namespace === "toimeentulotuki" ? "toimeentulotuki" : "home"));
    form.append(home);

    // The people.
    const people = document.createElement("div");
    people.id = "people";
    const memberInputs = this.meta.inputs.filter((i) => i.entity === "henkilot");
    const ids = Object.keys(this.state.household.henkilot);
    ids.forEach((id, n) => {
      const set = document.createElement("fieldset");
      set.id = `person-${n}`;
      set.innerHTML = `<legend></legend>`;
      set.querySelector("legend").textContent = this.personName(id);
      this.addFields(set, memberInputs, id, PRIMARY.member, (i) =>
        i.namespace ?? (INCOME.has(i.name) ? "income" : "person"),
      );
      if (ids.length > 1) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.id = `remove-${n}`;
        remove.textContent = w.removePerson;
        remove.setAttribute("aria-label", `${w.removePerson}: ${this.personName(id)}`);
        remove.addEventListener("click", () => {
          delete this.state.household.henkilot[id];
          if (this.state.sweepPerson === id) this.state.sweepPerson = null;
          this.rebuild();
          this.$("add-child")?.focus();
        });
        const actions = document.createElement("div");
        actions.className = "person-actions";
        actions.append(remove);
        set.append(actions);
      }
      people.append(set);
    });
    form.append(people);

    const add = document.createElement("div");
    add.className = "add-people";
    const hasPartner = ids.includes(w.partner);
    for (const [id, text, make] of [
      ["add-partner", w.addPartner, () => w.partner],
      ["add-child", w.addChild, () => this.freeId(w.child)],
      ["add-adult", w.addAdult, () => this.freeId(w.adult)],
    ]) {
      if (id === "add-partner" && hasPartner) continue;
      const b = document.createElement("button");
      b.type = "button";
      b.id = id;
      b.textContent = text;
      b.addEventListener("click", () => {
        const pid = make();
        this.state.household.henkilot[pid] = id === "add-child" ? { ika: 5 } : {};
        this.rebuild();
        const index = Object.keys(this.state.household.henkilot).indexOf(pid);
        this.root.getElementById(`f-${index}-ika`)?.focus();
      });
      add.append(b);
    }
    form.append(add);
  }

  freeId(base) {
    let n = 1;
    while (this.state.household.henkilot[`${base}${n}`]) n++;
    return `${base}${n}`;
  }

  personName(id) {
    const m = /^(.*?)(\d+)$/.exec(id);
    const text = m ? `${m[1]} ${m[2]}` : id;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** Adds a field for each input: the primary ones first, the rest grouped under "More questions". */
  addFields(container, inputs, member, primary, groupOf) {
    const w = this.w;
    const index = member == null ? "h" : Object.keys(this.state.household.henkilot).indexOf(member);
    for (const name of primary) {
      const input = inputs.find((i) => i.name === name);
      if (input) container.append(this.field(input, member, index));
    }
    const more = document.createElement("details");
    more.className = "more";
    more.innerHTML = `<summary></summary>`;
    more.querySelector("summary").textContent = w.more;
    const groups = new Map();
    for (const input of inputs) {
      if (primary.includes(input.name)) continue;
      const g = groupOf(input);
      if (!groups.has(g)) {
        const set = document.createElement("fieldset");
        set.innerHTML = `<legend></legend>`;
        set.querySelector("legend").textContent = w.groups[g] ?? g;
        groups.set(g, set);
      }
      groups.get(g).append(this.field(input, member, index));
    }
    for (const set of groups.values()) more.append(set);
    container.append(more);
  }

  path(input, member) {
    return member == null ? input.name : `henkilot.${member}.${input.name}`;
  }

  /** One labelled control for an input of the household or of a person. */
  field(input, member, index) {
    const w = this.w;
    const path = this.path(input, member);
    const id = `f-${index}-${input.name.replace(/\./g, "-")}`;
    const wrap = document.createElement("div");
    wrap.className = "field";
    wrap.dataset.path = path;
    const label = document.createElement("label");
    label.htmlFor = id;
    const text = this.label(input.labels);
    label.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    const unit = input.type === "rate" ? "%" : input.unit ? this.label(input.unit.labels) : "";
    const current = getPath(this.state.household, path);
    let control;
    if (input.type === "bool") {
      wrap.classList.add("check");
      control = document.createElement("input");
      control.type = "checkbox";
      control.checked = current ?? input.default ?? false;
      label.prepend(control);
    } else if (input.type === "enum" && input.values.length > 40) {
      control = document.createElement("input");
      control.type = "text";
      control.setAttribute("list", `${id}-list`);
      control.autocomplete = "off";
      control.placeholder = w.chooseMunicipality;
      const list = document.createElement("datalist");
      list.id = `${id}-list`;
      const names = new Set();
      for (const v of input.values) {
        if (v.rejected) continue;
        for (const n of [this.label(v.labels), v.labels.fi, v.labels.sv]) {
          if (n && !names.has(n)) {
            names.add(n);
            const o = document.createElement("option");
            o.value = n;
            list.append(o);
          }
        }
      }
      wrap.append(list);
      control.value = current == null ? "" : this.enumLabel(input, current);
    } else if (input.type === "enum") {
      control = document.createElement("select");
      const none = document.createElement("option");
      none.value = "";
      none.textContent = w.choose;
      control.append(none);
      for (const v of input.values) {
        if (v.rejected) continue;
        const o = document.createElement("option");
        o.value = v.key;
        o.textContent = this.label(v.labels);
        control.append(o);
      }
      control.value = current ?? input.default ?? "";
    } else if (input.type === "date") {
      control = document.createElement("input");
      control.type = "date";
      control.value = current ?? "";
    } else {
      control = document.createElement("input");
      control.type = "text";
      control.inputMode = input.type === "integer" ? "numeric" : "decimal";
      control.autocomplete = "off";
      const shown = input.type === "rate" && current != null ? String(current).replace(/\s*%$/, "") : current;
      control.value = shown == null ? "" : String(shown).replace(".", this.lang === "en" ? "." : ",");
      if (input.default != null && input.type !== "rate") {
        control.placeholder = String(input.default).replace(".", this.lang === "en" ? "." : ",");
      }
    }
    control.id = id;
    if (input.type !== "bool") {
      if (unit) {
        const u = document.createElement("span");
        u.className = "unit";
        u.textContent = ` (${unit})`;
        label.append(u);
      }
      wrap.append(label, control);
    } else {
      wrap.append(label);
    }
    const help = this.label(input.help);
    const described = [];
    if (help) {
      const p = document.createElement("p");
      p.className = "help";
      p.id = `${id}-help`;
      p.textContent = this.plain(help);
      wrap.append(p);
      described.push(p.id);
    }
    const error = document.createElement("p");
    error.className = "error";
    error.id = `${id}-error`;
    error.hidden = true;
    wrap.append(error);
    described.push(error.id);
    control.setAttribute("aria-describedby", described.join(" "));
    const searched = input.type === "enum" && control.tagName === "INPUT";
    const event = searched || !["bool", "enum", "date"].includes(input.type) ? "input" : "change";
    control.addEventListener(event, () => this.changed(input, member, control, !searched));
    // A name being typed is not yet wrong: it is checked when the visitor leaves the field.
    if (searched) control.addEventListener("change", () => this.changed(input, member, control, true));
    this.fields.set(path, { wrap, control, error, input, member });
    return wrap;
  }

  enumLabel(input, key) {
    const v = input.values.find((x) => x.key === key);
    return v ? this.label(v.labels) : String(key);
  }

  /** A control changed: the household is updated and recalculated. */
  changed(input, member, control, final = true) {
    const w = this.w;
    const path = this.path(input, member);
    let value;
    let problem = null;
    if (input.type === "bool") {
      value = control.checked === (input.default ?? false) && input.default != null ? undefined : control.checked;
    } else if (input.type === "enum" && control.tagName === "INPUT") {
      const typed = control.value.trim().toLowerCase();
      const found = input.values.find(
        (v) => !v.rejected && (v.key.toLowerCase() === typed || Object.values(v.labels).some((l) => l.toLowerCase() === typed)),
      );
      if (typed === "") value = undefined;
      else if (found) value = found.key;
      else if (!final) return;
      else problem = w.unknownMunicipality;
    } else if (input.type === "enum") {
      value = control.value === "" ? undefined : control.value;
    } else if (input.type === "date") {
      value = control.value === "" ? undefined : control.value;
    } else {
      const n = parseNumber(control.value, this.lang);
      if (n === null) value = undefined;
      else if (Number.isNaN(n)) problem = input.type === "rate" ? w.invalidPercent : w.invalidNumber;
      else if (input.type === "rate") value = `${n} %`;
      else if (input.type === "integer" && !Number.isInteger(n)) problem = w.invalidNumber;
      else value = n;
    }
    if (problem) {
      this.errors.set(path, problem);
      this.showErrors();
      return;
    }
    this.errors.delete(path);
    setPath(this.state.household, path, value);
    this.recalculate();
  }

  // ---- Calculating ------------------------------------------------------

  /** Calculates the household, redraws the results, the form's questions and the chart. */
  recalculate() {
    const t0 = performance.now();
    const w = this.w;
    const status = this.$("status");
    status.textContent = "";
    status.className = "status";
    this.apiError = null;
    let doc = null;
    try {
      const explain = this.open.size > 0 || this.printing || this.sources;
      doc = this.engine.calculate(this.state.household, this.options({ explain, values: false }));
    } catch (e) {
      this.apiError = e;
    }
    this.result = doc;
    this.showResults();
    this.showSlider();
    this.showQuestions();
    this.showErrors();
    this.showCompare();
    const ms = performance.now() - t0;
    this.timings.push(ms);
    this.dispatchEvent(new CustomEvent("etuus-calculated", { detail: { ms } }));
    this.askNext();
    if (this.apiError && this.apiError.kind !== "missing") {
      status.textContent = w.fixErrors;
      status.className = "status bad";
    }
  }

  /**
   * Which questions still matter is worked out right after the results are
   * drawn (it calculates the household again with a trace, and once more
   * with the optional inputs given), so that typing stays within a frame.
   */
  askNext() {
    clearTimeout(this.askTimer);
    this.askTimer = setTimeout(() => {
      if (!this.result) return;
      const t0 = performance.now();
      try {
        this.relevance = this.engine.relevantInputs(this.state.household, this.options());
      } catch (_) {
        // The household cannot be calculated as it is: the questions stay as they were.
        return;
      }
      this.showQuestions();
      this.showErrors();
      const ms = performance.now() - t0;
      this.relevanceTimings.push(ms);
      this.dispatchEvent(new CustomEvent("etuus-questions", { detail: { ms } }));
    }, 0);
  }

  /** Shows the questions that can still change a result, and those already answered. */
  showQuestions() {
    const appeared = [];
    // Until every result is calculated the rules have not yet looked at
    // everything: the first questions stay on the form meanwhile.
    const incomplete = !this.result || Object.values(this.result.results).some((r) => r.amount == null);
    for (const [path, f] of this.fields) {
      const name = f.input.name;
      const primary = (f.member == null ? PRIMARY.root : PRIMARY.first).includes(name);
      let matters;
      if (!this.relevance) {
        matters = primary;
      } else if (f.member == null) {
        matters = this.relevance.household.includes(name) || (incomplete && primary);
      } else {
        const list = this.relevance.members?.henkilot?.[f.member];
        matters = list ? list.includes(name) || (incomplete && primary) : primary;
      }
      const answered = getPath(this.state.household, path) !== undefined;
      // The slider's sweep may need an answer the current pay does not (the tax card).
      const forSlider = path === this.sliderNeeds;
      const show = matters || answered || forSlider || f.input.required || this.errors.has(path);
      if (f.wrap.hidden && show && this.relevance) appeared.push(this.label(f.input.labels));
      f.wrap.hidden = !show;
    }
    // A group with nothing to ask is hidden with its heading.
    for (const set of this.main.querySelectorAll("details.more fieldset")) {
      set.hidden = ![...set.querySelectorAll(".field")].some((f) => !f.hidden);
    }
    for (const more of this.main.querySelectorAll("details.more")) {
      const visible = [...more.querySelectorAll(".field")].filter((f) => !f.hidden).length;
      more.hidden = visible === 0;
      more.querySelector("summary").textContent = `${this.w.more} (${visible})`;
    }
    if (appeared.length && this.lastRelevance) {
      this.$("announce").textContent = `${this.w.newQuestions(appeared.length)}: ${appeared.slice(0, 4).join(", ")}`;
    }
    this.lastRelevance = this.relevance;
  }

  /** Errors next to their fields; engine errors named by field. */
  showErrors() {
    const w = this.w;
    const byField = new Map(this.errors);
    const e = this.apiError;
    if (e?.field && this.fields.has(e.field)) {
      const input = this.fields.get(e.field).input;
      let text;
      if (e.kind === "missing") text = w.missing;
      else if (input.type === "enum" && input.values.length > 40) text = w.unknownMunicipality;
      else text = `${e.allowed ? `${w.allowed}: ${this.localAllowed(input) ?? e.allowed}` : e.message}`;
      if (!byField.has(e.field)) byField.set(e.field, text);
    }
    // Results that could not be calculated name the missing input.
    for (const r of Object.values(this.result?.results ?? {})) {
      const m = /^(\S+): needed for this calculation/.exec(r.error ?? "");
      if (m && this.fields.has(m[1]) && !byField.has(m[1])) byField.set(m[1], w.missing);
    }
    for (const [path, f] of this.fields) {
      const text = byField.get(path);
      f.error.hidden = !text;
      f.error.textContent = text ?? "";
      if (text) {
        f.control.setAttribute("aria-invalid", "true");
        f.wrap.hidden = false;
        const more = f.wrap.closest("details.more");
        if (more) {
          more.hidden = false;
          more.open = true;
          f.wrap.closest("fieldset").hidden = false;
        }
      } else {
        f.control.removeAttribute("aria-invalid");
      }
    }
  }

  /** The allowed range in the page's language, from the input's declaration. */
  localAllowed(input) {
    const f = new Intl.NumberFormat(LOCALES[this.lang], { maximumFractionDigits: 2 });
    const show = (v) => (input.type === "rate" ? `${f.format(Number(v) * 100)} %` : f.format(Number(v)));
    if (input.min != null && input.max != null && typeof input.min === "number") return `${show(input.min)} … ${show(input.max)}`;
    return null;
  }

  showResults() {
    const w = this.w;
    const box = this.$("results");
    box.textContent = "";
    const notices = this.$("notices");
    notices.textContent = "";
    const doc = this.result;
    if (!doc) {
      if (this.apiError?.kind === "missing" || this.apiError?.field) {
        const p = document.createElement("p");
        p.textContent = this.apiError.kind === "missing" ? `${w.missing}: ${this.fieldLabel(this.apiError.field)}` : w.fixErrors;
        box.append(p);
      } else if (this.apiError) {
        const p = document.createElement("p");
        p.className = "status bad";
        p.textContent = this.apiError.message;
        box.append(p);
      }
      return;
    }
    for (const text of [...(doc.notices ?? []), ...(doc.warnings ?? [])]) {
      const p = document.createElement("p");
      p.className = "notice";
      p.textContent = text;
      notices.append(p);
    }
    this.$("results-title").textContent = w.resultFor(this.monthLabel(doc.month));

    const table = document.createElement("table");
    table.id = "summary-table";
    table.innerHTML = `<caption></caption><thead><tr><th scope="col"></th><th scope="col" class="num"></th></tr></thead><tbody></tbody>`;
    const caption = table.querySelector("caption");
    caption.className = "sr-only";
    caption.textContent = w.resultFor(this.monthLabel(doc.month));
    const [h1, h2] = table.querySelectorAll("th");
    h1.textContent = w.benefit;
    h2.textContent = `${w.amount} (${w.perMonth})`;
    const body = table.querySelector("tbody");
    const entries = Object.entries(doc.results);
    const ordered = [...entries.filter(([k]) => !TOTALS.includes(k)), ...entries.filter(([k]) => TOTALS.includes(k))];
    for (const [name, r] of ordered) {
      const tr = document.createElement("tr");
      tr.id = `row-${name}`;
      if (TOTALS.includes(name)) tr.className = "total";
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = r.label;
      const td = document.createElement("td");
      td.className = "num";
      td.textContent = r.amount == null ? w.notCalculated : this.euros(r.amount);
      tr.append(th, td);
      body.append(tr);
    }
    box.append(table);
    const total = doc.results.kaytettavissa_olevat_tulot ?? doc.results.etuudet_yhteensa;
    if (total?.amount != null) {
      clearTimeout(this.announceTimer);
      this.announceTimer = setTimeout(() => {
        this.$("announce").textContent = `${total.label}: ${this.euros(total.amount)} ${w.perMonth}`;
      }, 600);
    }

    // The laskelma, result by result: calculated with its trace only when
    // a section is open (or for print, or in the counsellor's view).
    const e = doc.explanation;
    const explained = new Map((e?.results ?? []).map((r) => [r.name, r]));
    for (const [name, result] of ordered) {
      const block = document.createElement("div");
      block.className = "result-block";
      const details = document.createElement("details");
      details.className = "laskelma";
      details.id = `laskelma-${name}`;
      const summary = document.createElement("summary");
      summary.textContent = `${w.howCalculated}: ${result.label}`;
      details.append(summary);
      details.open = this.open.has(name);
      details.addEventListener("toggle", () => {
        if (!details.open) {
          this.open.delete(name);
          return;
        }
        this.open.add(name);
        if (!this.result?.explanation) this.recalculate();
        this.root.getElementById(`laskelma-${name}`)?.querySelector("summary")?.focus();
      });
      const r = explained.get(name);
      if (r) details.append(this.laskelma(r));
      block.append(details);
      box.append(block);
    }
    if (this.sources && e) box.append(this.sourcesBlock(e));
    const disclaimer = this.label(this.meta.disclaimer);
    if (disclaimer) {
      const d = document.createElement("p");
      d.textContent = disclaimer;
      box.append(d);
    }
    const receipt = document.createElement("p");
    receipt.className = "receipt";
    const rc = doc.receipt;
    receipt.textContent = `${w.receipt}: ${rc.rules} ${rc.rules_version}, ${rc.engine} ${rc.engine_version}, SHA-256 ${rc.rules_sha256}`;
    box.append(receipt);
    if (e) this.printExtra(e);
  }

  /** The lines of one result's laskelma. */
  laskelma(r) {
    const w = this.w;
    const part = document.createDocumentFragment();
    const h = document.createElement("h3");
    h.className = "print-only";
    h.textContent = r.label + (this.sources && r.reference ? ` (${r.reference})` : "");
    part.append(h);
    if (r.error) {
      const p = document.createElement("p");
      p.textContent = `${w.notCalculated}: ${r.error}`;
      part.append(p);
    }
    const t = document.createElement("table");
    t.innerHTML = `<caption class="sr-only"></caption><tbody></tbody>`;
    t.querySelector("caption").textContent = r.label;
    const tb = t.querySelector("tbody");
    for (const line of r.lines) {
      const tr = document.createElement("tr");
      if (line.is_amount) tr.className = "amount";
      const th = document.createElement("th");
      th.scope = "row";
      th.style.fontWeight = line.is_amount ? "700" : "400";
      th.textContent = line.label;
      if (line.member) {
        const m = document.createElement("span");
        m.className = "member";
        m.textContent = ` (${this.personName(line.member)})`;
        th.append(m);
      }
      if (this.formulas && line.substituted && line.substituted !== line.value) {
        const f = document.createElement("div");
        f.className = "formula";
        f.textContent = `= ${line.substituted}`;
        th.append(f);
      }
      for (const flag of line.flags) {
        const p = document.createElement("p");
        p.className = "flag";
        p.textContent = flag.kind === "unconfirmed" ? `! ${flag.text}: ${w.unconfirmed}` : `→ ${this.plain(flag.text)}`;
        th.append(p);
      }
      const td = document.createElement("td");
      td.className = "num";
      td.textContent = line.value;
      tr.append(th, td);
      // The legal reference: in the counsellor's view, and always on paper.
      const ref = document.createElement("td");
      ref.className = "ref ref-col";
      ref.textContent = line.reference ?? "";
      tr.append(ref);
      tb.append(tr);
    }
    part.append(t);
    return part;
  }

  fieldLabel(path) {
    const f = this.fields.get(path);
    if (!f) return path ?? "";
    const who = f.member ? ` (${this.personName(f.member)})` : "";
    return this.label(f.input.labels) + who;
  }

  /** The sections and the values used, with their sources: one click away. */
  sourcesBlock(e) {
    const w = this.w;
    const details = document.createElement("details");
    details.className = "laskelma";
    details.id = "sources";
    const s = document.createElement("summary");
    s.textContent = w.parameters;
    details.append(s);
    const t = document.createElement("table");
    const tb = document.createElement("tbody");
    for (const p of e.parameters) {
      const tr = document.createElement("tr");
      const a = document.createElement("th");
      a.scope = "row";
      a.style.fontWeight = "400";
      a.textContent = p.label;
      const b = document.createElement("td");
      b.className = "num";
      b.textContent = p.value;
      const c = document.createElement("td");
      c.className = "ref";
      c.textContent = `${p.reference}${p.status === "confirmed" ? "" : ` (${w.unconfirmed})`} `;
      if (p.source) {
        const link = document.createElement("a");
        link.href = p.source;
        link.textContent = new URL(p.source).hostname;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        c.append(link);
      }
      tr.append(a, b, c);
      tb.append(tr);
    }
    t.append(tb);
    details.append(t);
    if (e.notes.length) {
      const h = document.createElement("h3");
      h.textContent = w.notes;
      const ul = document.createElement("ul");
      for (const n of e.notes) {
        const li = document.createElement("li");
        li.textContent = `${n.about}: ${n.text}`;
        ul.append(li);
      }
      details.append(h, ul);
    }
    return details;
  }

  /** On paper: the inputs given, the date, every section open. */
  printExtra(e) {
    const w = this.w;
    const box = this.$("print-extra");
    box.textContent = "";
    const h = document.createElement("h3");
    h.textContent = w.inputsGiven;
    const ul = document.createElement("ul");
    for (const i of e.inputs) {
      const li = document.createElement("li");
      li.textContent = `${i.label}: ${i.value}`;
      ul.append(li);
    }
    const date = document.createElement("p");
    date.textContent = w.printedOn(new Date().toLocaleDateString(LOCALES[this.lang]));
    box.append(h, ul, date);
  }

  // ---- The earnings slider ----------------------------------------------

  adults() {
    const people = this.state.household.henkilot;
    return Object.keys(people).filter((id) => (people[id].ika ?? 18) >= 18);
  }

  showSlider() {
    const w = this.w;
    const box = this.$("slider");
    const adults = this.adults();
    if (!this.result || adults.length === 0) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    if (!adults.includes(this.state.sweepPerson)) this.state.sweepPerson = adults[0];
    const who = this.state.sweepPerson;
    const pay = Number(this.state.household.henkilot[who]?.palkkatulo ?? 0);
    const to = Math.max(SWEEP.to, Math.ceil(pay / 500) * 500);
    // The sweep does not depend on the pay it varies: recalculated only when something else changes.
    const base = clone(this.state.household);
    delete base.henkilot[who].palkkatulo;
    const key = JSON.stringify([base, who, to, this.state.month, this.lang]);
    if (this.sweepCache.key !== key) {
      try {
        this.sweepCache = {
          key,
          doc: this.engine.sweep(base, this.options({ vary: { path: `${who}.palkkatulo`, from: 0, to, step: SWEEP.step } })),
        };
      } catch (e) {
        this.sweepCache = { key, doc: null, error: e };
      }
    }
    const sweep = this.sweepCache.doc;
    if (!box.firstChild) {
      box.innerHTML = `<h3 id="slider-title"></h3><div class="field" id="slider-person"></div>
        <div class="field"><label for="pay"></label><input type="range" id="pay"><output id="pay-out" for="pay"></output></div>
        <div id="chart"></div><p id="chart-text"></p><div id="traps"></div>`;
      box.querySelector("#pay").addEventListener("input", (e) => {
        const id = this.state.sweepPerson;
        const v = Number(e.target.value);
        if (v === 0) delete this.state.household.henkilot[id].palkkatulo;
        else this.state.household.henkilot[id].palkkatulo = v;
        const f = this.fields.get(`henkilot.${id}.palkkatulo`);
        if (f) f.control.value = v === 0 ? "" : String(v);
        this.recalculate();
      });
    }
    box.querySelector("#slider-title").textContent = w.slider;
    const personBox = box.querySelector("#slider-person");
    if (adults.length > 1) {
      personBox.hidden = false;
      personBox.innerHTML = `<label for="pay-person"></label><select id="pay-person"></select>`;
      personBox.querySelector("label").textContent = w.sliderPerson;
      const sel = personBox.querySelector("select");
      for (const id of adults) {
        const o = document.createElement("option");
        o.value = id;
        o.textContent = this.personName(id);
        sel.append(o);
      }
      sel.value = who;
      sel.addEventListener("change", () => {
        this.state.sweepPerson = sel.value;
        this.showSlider();
      });
    } else {
      personBox.hidden = true;
      personBox.textContent = "";
    }
    const range = box.querySelector("#pay");
    range.min = "0";
    range.max = String(to);
    range.step = String(SWEEP.slider);
    if (Number(range.value) !== pay) range.value = String(pay);
    range.setAttribute("aria-valuetext", `${this.euros(pay)} / ${w.perMonth.replace("€/", "")}`);
    box.querySelector("label[for=pay]").textContent = w.sliderLabel(this.personName(who));
    box.querySelector("#pay-out").textContent = this.euros(pay);
    const chartBox = box.querySelector("#chart");
    chartBox.textContent = "";
    const text = box.querySelector("#chart-text");
    const traps = box.querySelector("#traps");
    traps.textContent = "";
    this.sliderNeeds = null;
    if (!sweep) {
      const m = /(henkilot\.\S+?|\b[a-z_.]+): needed for this calculation/.exec(this.sweepCache.error?.message ?? "");
      if (m && this.fields.has(m[1])) {
        this.sliderNeeds = m[1];
        text.textContent = `${w.missing}: ${this.fieldLabel(m[1])}`;
      } else {
        text.textContent = this.sweepCache.error?.message ?? "";
      }
      return;
    }
    chartBox.append(chart(sweep, pay, w, (n) => this.euros(n), (r) => this.percent(r)));
    const points = sweep.points;
    const i = Math.max(0, Math.min(points.length - 1, Math.floor(pay / SWEEP.step)));
    const next = points[i + 1]?.effective_marginal_tax_rate;
    text.textContent = w.chartSummary(this.euros(points[i].value), this.euros(points[i].totals.after_housing), next == null ? null : this.percent(next));
    if (sweep.traps.length) {
      const h = document.createElement("h4");
      h.textContent = w.traps;
      const ul = document.createElement("ul");
      for (const t of sweep.traps) {
        const li = document.createElement("li");
        li.textContent = this.plain(t.text);
        ul.append(li);
      }
      traps.append(h, ul);
    }
  }

  // ---- Options side by side ---------------------------------------------

  showCompare() {
    const w = this.w;
    const box = this.$("compare");
    box.textContent = "";
    const h = document.createElement("h3");
    h.id = "compare-title";
    h.textContent = w.compare;
    const help = document.createElement("p");
    help.textContent = w.compareHelp;
    const controls = document.createElement("div");
    controls.className = "compare-controls actions";
    const keep = document.createElement("button");
    keep.type = "button";
    keep.id = "keep";
    keep.textContent = w.keepCurrent;
    keep.addEventListener("click", () => {
      this.state.options.push({ name: w.optionName(this.state.options.length + 1), household: clone(this.state.household) });
      this.showCompare();
      this.$("announce").textContent = this.state.options.at(-1).name;
    });
    controls.append(keep);
    box.append(h, help, controls);
    const saved = this.state.options;
    if (saved.length === 0 || !this.result) return;
    let doc;
    try {
      doc = this.engine.compare(
        saved[0].household,
        [...saved.slice(1).map((o) => ({ name: o.name, household: o.household })), { name: w.now, household: this.state.household }],
        this.options(),
      );
    } catch (e) {
      const p = document.createElement("p");
      p.className = "status bad";
      p.textContent = e.message;
      box.append(p);
      return;
    }
    const columns = [{ name: saved[0].name, totals: doc.base }, ...doc.options.map((o) => ({ name: o.name, totals: o.totals, option: o }))];
    const table = document.createElement("table");
    table.className = "compare-table";
    table.id = "compare-table";
    const cap = document.createElement("caption");
    cap.textContent = `${w.compare} (${w.perMonth}, ${w.afterTax})`;
    const thead = document.createElement("thead");
    const hr = document.createElement("tr");
    hr.append(document.createElement("td"));
    for (const c of columns) {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "num";
      th.textContent = c.name;
      hr.append(th);
    }
    thead.append(hr);
    const tbody = document.createElement("tbody");
    const row = (label, get, cls = "", cost = false) => {
      const tr = document.createElement("tr");
      if (cls) tr.className = cls;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      tr.append(th);
      const first = get(columns[0].totals);
      for (const c of columns) {
        const td = document.createElement("td");
        td.className = "num";
        const v = get(c.totals);
        td.textContent = this.euros(v);
        if (c !== columns[0] && Number(v) !== Number(first)) {
          const diff = Number(v) - Number(first);
          if (!cost) td.classList.add(diff > 0 ? "better" : "worse");
          const s = document.createElement("span");
          s.className = "sr-only";
          s.textContent = ` (${w.change} ${diff > 0 ? "+" : "−"}${this.euros(Math.abs(diff))})`;
          td.textContent = `${this.euros(v)} ${diff > 0 ? "▲" : "▼"}`;
          td.append(s);
        }
        tr.append(td);
      }
      tbody.append(tr);
    };
    for (const [key, b] of Object.entries(doc.base.benefits)) {
      row(b.label, (t) => t.benefits[key]?.net ?? 0);
    }
    row(w.earningsNet, (t) => Number(t.earnings) - Number(t.earnings_tax));
    row(w.otherNet, (t) => t.other_net);
    row(w.disposable, (t) => t.disposable, "total");
    row(w.housing, (t) => t.housing, "", true);
    row(w.afterHousing, (t) => t.after_housing, "total");
    table.append(cap, thead, tbody);
    box.append(table);
    for (const o of doc.options) {
      const sentence = o.does_work_pay?.sentence;
      if (sentence) {
        const p = document.createElement("p");
        p.textContent = `${o.name}: ${this.plain(sentence)}`;
        box.append(p);
      }
    }
    const list = document.createElement("ul");
    saved.forEach((o, n) => {
      const li = document.createElement("li");
      li.append(`${o.name} `);
      const restore = document.createElement("button");
      restore.type = "button";
      restore.textContent = w.restore;
      restore.setAttribute("aria-label", `${w.restore}: ${o.name}`);
      restore.addEventListener("click", () => {
        this.state.household = clone(o.household);
        this.rebuild();
      });
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = w.removeOption;
      remove.setAttribute("aria-label", `${w.removeOption}: ${o.name}`);
      remove.addEventListener("click", () => {
        saved.splice(n, 1);
        this.showCompare();
        this.$("keep").focus();
      });
      li.append(restore, " ", remove);
      list.append(li);
    });
    box.append(list);
  }

  // ---- Print, copy, save ------------------------------------------------

  buildActions() {
    const w = this.w;
    const box = this.$("actions");
    const button = (id, text, run) => {
      const b = document.createElement("button");
      b.type = "button";
      b.id = id;
      b.textContent = text;
      b.addEventListener("click", run);
      box.append(b);
      return b;
    };
    button("print", w.print, () => this.print());
    button("copy", w.copy, () => this.copySummary());
    button("save", w.save, () => this.save());
    const forget = button("forget", w.forget, () => this.forget());
    forget.hidden = !this.stored();
    if (this.stored()) this.$("storage").textContent = w.saved(new Date(this.stored().savedAt).toLocaleString(LOCALES[this.lang]));
  }

  /** Opens every section for paper, and hides the rest of the host page while printing. */
  preparePrint() {
    this.printing = true;
    this.recalculate();
    for (const d of this.root.querySelectorAll("details")) {
      if (!d.open) {
        d.open = true;
        d.dataset.printOpened = "";
      }
    }
    if (!document.getElementById("etuus-laskuri-print")) {
      const style = document.createElement("style");
      style.id = "etuus-laskuri-print";
      style.textContent = `@media print {
        html[data-etuus-print] body * { visibility: hidden !important; }
        html[data-etuus-print] etuus-laskuri, html[data-etuus-print] etuus-laskuri * { visibility: visible !important; }
        html[data-etuus-print] etuus-laskuri { position: absolute; left: 0; top: 0; width: 100%; }
      }`;
      document.head.append(style);
    }
    document.documentElement.setAttribute("data-etuus-print", "");
    const done = () => {
      this.printing = false;
      document.documentElement.removeAttribute("data-etuus-print");
      for (const d of this.root.querySelectorAll("details[data-print-opened]")) {
        d.open = false;
        delete d.dataset.printOpened;
      }
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    return done;
  }

  print() {
    this.preparePrint();
    window.print();
  }

  async copySummary() {
    const w = this.w;
    let text;
    try {
      text = this.engine.summary(this.state.household, this.options()).text;
    } catch (e) {
      this.$("storage").textContent = e.message;
      return;
    }
    const area = this.$("copy-area");
    area.textContent = "";
    try {
      await navigator.clipboard.writeText(text);
      this.$("storage").textContent = w.copied;
    } catch (_) {
      // No clipboard permission: the text to select by hand.
      const label = document.createElement("label");
      label.htmlFor = "copy-text";
      label.textContent = w.copyFallback;
      const t = document.createElement("textarea");
      t.id = "copy-text";
      t.className = "copy";
      t.readOnly = true;
      t.value = text;
      area.append(label, t);
      t.focus();
      t.select();
    }
    this.lastSummary = text;
  }

  storage() {
    try {
      return window.localStorage;
    } catch (_) {
      return null;
    }
  }

  stored() {
    try {
      const text = this.storage()?.getItem(STORAGE_KEY);
      return text ? JSON.parse(text) : null;
    } catch (_) {
      return null;
    }
  }

  restore() {
    const s = this.stored();
    if (s?.household?.henkilot) {
      this.state.household = s.household;
      this.state.options = s.options ?? [];
      this.state.month = s.month ?? this.state.month;
    }
  }

  save() {
    const w = this.w;
    const storage = this.storage();
    if (!storage) {
      this.$("storage").textContent = w.storageUnavailable;
      return;
    }
    const savedAt = new Date().toISOString();
    storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, savedAt, household: this.state.household, options: this.state.options, month: this.state.month }));
    this.$("storage").textContent = w.saved(new Date(savedAt).toLocaleString(LOCALES[this.lang]));
    this.$("forget").hidden = false;
  }

  forget() {
    this.storage()?.removeItem(STORAGE_KEY);
    this.$("storage").textContent = this.w.forgotten;
    this.$("forget").hidden = true;
    this.$("save").focus();
  }
}

if (!customElements.get("etuus-laskuri")) customElements.define("etuus-laskuri", EtuusLaskuri);

export { EtuusLaskuri };
