#!/usr/bin/env bash
# Measures the sizes from which the scheduler (src/parallel/mod.rs) shares
# each kind of work between the cores. For each work and a few sizes
# around its threshold, the release binary runs the same command with that
# work never shared and always shared (BRIEFC_SHARE=<work>=never|always;
# every other work as the scheduler decides), timed by hyperfine in
# alternating rounds; the table gives both medians and always/never.
# Below 1.00 sharing pays.
#
#   benches/thresholds.sh             every work
#   benches/thresholds.sh pieces      only the works named
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine (Debian package)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
cargo build --release --quiet --bin briefc --example gen-briefing --example gen-archive
bin="$PWD/target/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wanted="${*:-briefings read-ahead rendering writing comparing pieces citations headings editions}"
rounds=6
runs=5

archive() { # briefings -> a project of that many 50-note briefings
  local dir="$work/archive$1"
  [ -d "$dir" ] || "$bin/examples/gen-archive" --out "$dir" --briefings "$1" --footnotes 50 --sources 500 >/dev/null 2>&1
  echo "$dir"
}
briefing() { # footnotes -> a project of one briefing that long
  local dir="$work/briefing$1"
  [ -d "$dir" ] || "$bin/examples/gen-briefing" --footnotes "$1" --out "$dir" >/dev/null 2>&1
  echo "$dir"
}

# compare WORK SIZE-LABEL PREPARE COMMAND...: medians of COMMAND with WORK
# never and always shared, in alternating rounds.
compare() {
  local name=$1 label=$2 prepare=$3
  shift 3
  for round in $(seq "$rounds"); do
    hyperfine -N --warmup 1 --runs "$runs" --prepare "$prepare" \
      --export-json "$work/round-$round.json" \
      "env BRIEFC_SHARE=$name=never $*" "env BRIEFC_SHARE=$name=always $*" >/dev/null 2>&1
  done
  python3 - "$work" "$name" "$label" <<'PY'
import glob, json, statistics, sys
never, always = [], []
for f in glob.glob(sys.argv[1] + "/round-*.json"):
    results = json.load(open(f))["results"]
    never += results[0]["times"]
    always += results[1]["times"]
n, a = statistics.median(never) * 1000, statistics.median(always) * 1000
print(f"{sys.argv[2]:<12} {sys.argv[3]:>14} {n:9.1f} {a:9.1f} {a / n:7.2f}")
PY
  rm -f "$work"/round-*.json
}

echo "$(git describe --always --dirty), $(nproc) cores; medians in ms"
echo
printf "%-12s %14s %9s %9s %7s\n" work size never always ratio
for name in $wanted; do
  case $name in
    briefings | read-ahead)
      for n in 2 4 8 16 32; do
        compare "$name" "$n briefings" true "$bin/briefc" check -q --root "$(archive $n)"
      done ;;
    rendering | writing)
      for n in 2 4 8 16 32 64; do
        dir=$(archive $n)
        compare "$name" "$n briefings" "rm -rf $work/out" \
          "$bin/briefc" build -q --format html,text --root "$dir" --out "$work/out"
      done ;;
    comparing)
      for n in 4 16 32 64; do
        dir=$(archive $n)
        "$bin/briefc" build -q --format html,text --root "$dir" --out "$work/kept$n"
        compare "$name" "$((2 * n + 1)) files" true \
          "$bin/briefc" build -q --format html,text --root "$dir" --out "$work/kept$n"
      done ;;
    pieces)
      for notes in 100 200 400 800 1600; do
        dir=$(briefing $notes)
        bytes=$(cat "$dir"/briefings/*/*.md "$dir"/footnotes/*.md | wc -c)
        compare "$name" "$((bytes / 1024)) KiB" true "$bin/briefc" check -q --root "$dir"
      done ;;
    citations | headings | editions)
      for notes in 100 250 500 1000; do
        dir=$(briefing $notes)
        compare "$name" "$notes notes" "rm -rf $work/out" \
          "$bin/briefc" build -q --format html,text --root "$dir" --out "$work/out"
      done ;;
    *) echo "unknown work $name" >&2; exit 2 ;;
  esac
done
