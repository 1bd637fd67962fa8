// etuus in the browser: Finnish benefits calculated on the visitor's own
// machine. Nothing leaves the page: the rules and the engine are in
// etuus_wasm_bg.wasm, loaded once next to this file.
//
//   import { load } from "./etuus.js";
//   const etuus = await load();
//   const result = etuus.calculate(
//     { kunta: "Tampere", vuokra: 780, henkilot: { aino: { ika: 34, palkkatulo: 600, veroprosentti: "20 %" } } },
//     { month: "2026-06", lang: "fi" });
//   result.results.yleinen_asumistuki.amount   // 123.45
//
// Every call takes plain JSON-compatible objects and returns them. A bad
// input or option throws an EtuusError with `kind`, `field`, `message` and
// `allowed`. Every answer carries `month` and `receipt` (engine version, rule
// set and its SHA-256). The README documents each call.

import init, * as wasm from "./etuus_wasm.js";

/** A household input or an option that is not acceptable, or (kind "internal") a bug in etuus. */
export class EtuusError extends Error {
  /**
   * @param {{kind: string, field: string|null, message: string, allowed: string|null}} error
   */
  constructor(error) {
    super(error.message);
    this.name = "EtuusError";
    /** `syntax`, `unknown_field`, `invalid_value`, `out_of_range`, `missing`, `rejected`, `month`, `options` or `internal`. */
    this.kind = error.kind;
    /** The input (`henkilot.aino.ika`) or option (`options.month`) at fault; null for the whole household. */
    this.field = error.field ?? null;
    /** What the field accepts, e.g. `a whole number 0 … 120`; null if not known. */
    this.allowed = error.allowed ?? null;
  }

  /** The error as a plain object. */
  toJSON() {
    return { kind: this.kind, field: this.field, message: this.message, allowed: this.allowed };
  }
}

/** The visitor's current month, `YYYY-MM`, from their own clock. */
function currentMonth() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/** Options with `today` filled in when no month is given. */
function withToday(options) {
  const o = options ?? {};
  if (typeof o !== "object" || Array.isArray(o)) {
    throw new EtuusError({ kind: "options", field: "options", message: "the options are an object", allowed: "an object such as {month: \"2026-06\"}" });
  }
  return o.month == null && o.today == null ? { ...o, today: currentMonth() } : o;
}

function text(value, field) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") {
    throw new EtuusError({ kind: "syntax", field, message: `expected an object, found ${value === null ? "null" : typeof value}`, allowed: "a household object such as {kunta: \"Tampere\", henkilot: {aino: {ika: 34}}}" });
  }
  return JSON.stringify(value);
}

/** Calls one exported function; unwraps `{ok}` or throws `{error}`. */
function call(fn, ...args) {
  let answer;
  try {
    answer = fn(...args);
  } catch (e) {
    // A panic is a bug in etuus: WebAssembly traps. Report it as data.
    let message = "";
    try {
      message = wasm.take_panic();
    } catch (_) {
      // The instance may be unusable after the trap.
    }
    throw new EtuusError({ kind: "internal", field: null, message: `internal error in etuus (please report it): ${message || e.message}`, allowed: null });
  }
  const parsed = JSON.parse(answer);
  if (parsed.error) throw new EtuusError(parsed.error);
  return parsed.ok;
}

let loading = null;

/**
 * Loads the engine and the rules (once per page).
 * @param {{wasm?: BufferSource|URL|string|Response}} [options] where the
 *   WebAssembly file is: by default `etuus_wasm_bg.wasm` next to this module;
 *   in Node, pass its bytes.
 */
export function load(options = {}) {
  if (!loading) {
    loading = (async () => {
      const source = options.wasm ?? new URL("./etuus_wasm_bg.wasm", import.meta.url);
      await init({ module_or_path: source });
      wasm.install_panic_hook();
      const ready = call(wasm.ready);
      return api(ready.receipt);
    })();
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

function api(receipt) {
  let metadata = null;
  return Object.freeze({
    /** Engine version and rule set of this build. */
    receipt,
    /**
     * The inputs, results, languages and covered months, for building a form.
     * @returns {object}
     */
    metadata() {
      metadata ??= call(wasm.metadata);
      return metadata;
    },
    /**
     * Calculates a household: the same document as `etuus calc --format json`.
     * @param {object} household as in a household file
     * @param {{month?: string, lang?: string, results?: string[], assumeLatest?: boolean, explain?: boolean, relevance?: boolean, values?: boolean}} [options]
     */
    calculate(household, options) {
      return call(wasm.calculate, text(household, null), JSON.stringify(withToday(options)));
    },
    /** The laskelma as data with its text (`text`). */
    explain(household, options) {
      return call(wasm.explain, text(household, null), JSON.stringify(withToday(options)));
    },
    /** A summary to copy: `text` and `markdown`. */
    summary(household, options) {
      return call(wasm.summary, text(household, null), JSON.stringify(withToday(options)));
    },
    /**
     * The household and its options side by side.
     * @param {object} household
     * @param {Array<{name?: string, household?: object, remove?: string[], add?: object, set?: object}>} options
     * @param {{month?: string, lang?: string}} [settings]
     */
    compare(household, options, settings) {
      if (!Array.isArray(options)) {
        throw new EtuusError({ kind: "options", field: "options", message: "expected a list of options to compare", allowed: "[{name: \"600 € job\", set: {\"aino.palkkatulo\": 600}}]" });
      }
      return call(wasm.compare, text(household, null), JSON.stringify(options), JSON.stringify(withToday(settings)));
    },
    /**
     * One input over a range: `{vary: {path, from, to, step}, keepUnder?, month?, lang?}`.
     */
    sweep(household, options) {
      return call(wasm.sweep, text(household, null), JSON.stringify(withToday(options)));
    },
    /** The inputs that can change a result for this household: `{household: [...], members: {henkilot: {id: [...]}}}`. */
    relevantInputs(household, options) {
      return call(wasm.relevant_inputs, text(household, null), JSON.stringify(withToday(options)));
    },
  });
}
