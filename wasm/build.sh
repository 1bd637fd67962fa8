#!/usr/bin/env bash
# Builds the browser files of etuus into wasm/www/dist/: the engine and the
# rules as WebAssembly, wasm-bindgen's loader, and the widget's modules.
# Copy that folder to a web server to embed <etuus-laskuri> (README.md).
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli of the same
# version as the wasm-bindgen crate in Cargo.lock, and wasm-opt (binaryen,
# installed by `npm ci` in wasm/).
set -euo pipefail
cd "$(dirname "$0")/.."

out=wasm/www/dist
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "wasm/build.sh: needs wasm-bindgen-cli $want (found: ${have:-none});" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 2
fi
# wasm-opt: binaryen from npm (wasm/package.json; Debian's is too old for
# the reference types that rustc and wasm-bindgen now emit), else the PATH's.
wasm_opt=wasm/node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || wasm_opt=$(command -v wasm-opt || true)
[ -n "$wasm_opt" ] || { echo "wasm/build.sh: needs wasm-opt: (cd wasm && npm ci)" >&2; exit 2; }

cargo build -p etuus-wasm --profile wasm --target wasm32-unknown-unknown
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/wasm/etuus_wasm.wasm
# Size first (-Oz); rustc has already optimised the engine's loops.
"$wasm_opt" -Oz --strip-debug --strip-producers --strip-target-features \
  "$out/etuus_wasm_bg.wasm" -o "$out/etuus_wasm_bg.wasm"
cp wasm/js/*.js "$out/"
ls -l "$out"
