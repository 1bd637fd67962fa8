// Shared by the Node and browser tests: where the built files and the
// command line are, and the fixture households.

import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const WASM_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO = join(WASM_DIR, "..");
export const DIST = join(WASM_DIR, "www", "dist");

if (!existsSync(join(DIST, "etuus_wasm_bg.wasm"))) {
  throw new Error(`${DIST} has no build: run wasm/build.sh first`);
}

/** The `etuus` command: ETUUS_CLI, else the debug build (built if missing). */
export function cli() {
  const path = process.env.ETUUS_CLI ?? join(REPO, "target", "debug", "etuus");
  if (!existsSync(path)) execFileSync("cargo", ["build", "-q", "-p", "etuus-cli"], { cwd: REPO, stdio: "inherit" });
  return path;
}

/** Runs `etuus` (with a household on standard input, if given); returns its JSON output. */
export function cliJson(args, household) {
  const run = spawnSync(cli(), args, {
    input: household === undefined ? "" : JSON.stringify(household),
    encoding: "utf8",
    env: { ...process.env, ETUUS_TODAY: "2026-06-15" },
  });
  if (run.status !== 0) throw new Error(`etuus ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `etuus ARGS` run asynchronously; its JSON output. */
export function cliJsonAsync(args) {
  return new Promise((resolve, reject) =>
    execFile(cli(), args, { maxBuffer: 64 << 20, env: { ...process.env, ETUUS_TODAY: "2026-06-15" } }, (error, stdout, stderr) =>
      error ? reject(new Error(`etuus ${args.join(" ")}: ${stderr}`)) : resolve(JSON.parse(stdout)),
    ),
  );
}

/** The fixture households, as the objects a page would pass. */
export function fixtures() {
  const dir = join(REPO, "fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ""), file: join(dir, f), household: parse(readFileSync(join(dir, f), "utf8")) }));
}

/** The months of the snapshot tests: `etuus::REVIEW_MONTHS` (src/lib.rs). */
export function snapshotMonths() {
  const text = readFileSync(join(REPO, "src", "lib.rs"), "utf8");
  const block = /pub const REVIEW_MONTHS: \[Month; \d+\] = \[([\s\S]*?)\];/.exec(text);
  if (!block) throw new Error("src/lib.rs: no REVIEW_MONTHS");
  return [...block[1].matchAll(/year:\s*(\d{4}),\s*month:\s*(\d{1,2})/g)].map(
    (m) => `${m[1]}-${m[2].padStart(2, "0")}`,
  );
}
