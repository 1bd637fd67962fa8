#!/usr/bin/env bash
# A bounded fuzzing run of every target: seeds the corpora from the fixture
# households, the rule files and seeds/, then runs each target for SECONDS
# (default 600) with a 2 GiB memory limit and a 10 s limit per input (a
# slower input counts as a hang). The code is safe Rust, so no sanitizer is
# needed (`-s none` runs several times faster); a panic, a hang or running out
# of memory is what the run looks for. Needs nightly and cargo-fuzz:
#   rustup toolchain install nightly --profile minimal
#   cargo install cargo-fuzz --locked
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(household rules formula)
fi
mkdir -p corpus/household corpus/rules corpus/formula
cp ../fixtures/*.yaml seeds/household/* corpus/household/
find ../rules -name '*.yaml' -exec cp {} corpus/rules/ \;
cp seeds/rules/* corpus/rules/
cp seeds/formula/* corpus/formula/
for target in "${targets[@]}"; do
  echo "== $target: $seconds s"
  cargo +nightly fuzz run -s none -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
done
