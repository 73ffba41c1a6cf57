#!/usr/bin/env bash
# Times the release binary on generated briefings of 1,000, 5,000 and 20,000
# footnotes against pandoc (--citeproc, to HTML and to plain text) and a
# floor (pulldown-cmark alone turning the same Markdown into HTML), with
# hyperfine for medians and GNU time for peak memory, then measures the
# preview server's save-to-reload latency. Prints one table.
#
#   benches/compare.sh            all three sizes
#   QUICK=1 benches/compare.sh    1,000 and 5,000 only, fewer runs
#   benches/compare.sh --pdf      the PDF edition: the example briefing and
#                                 generated ones of 300 and 5,000 footnotes,
#                                 against pandoc with xelatex where installed
#   benches/compare.sh --archive  a publisher's archive: 1,000 briefings of 50
#                                 footnotes citing one library of 5,000 sources,
#                                 built over its previous output and checked,
#                                 and a save to one briefing previewed, each
#                                 figure beside its target
#   benches/compare.sh --growth   50,000 footnotes against 5,000, in time and
#                                 in instructions
#   benches/compare.sh --diff     `briefc diff` of two versions of a 5,000-note
#                                 briefing (a note inserted near the start, a
#                                 library entry changed, a paragraph edited)
#                                 beside git's own word diff of the sources, and
#                                 `check` with a translation against without
#   benches/compare.sh --docx     the Word edition of 5,000 footnotes against
#                                 pandoc writing a .docx from the same Markdown,
#                                 and `review` of it with tracked changes
#   benches/compare.sh --csl      the 5,000-note briefing (HTML and text) in the
#                                 house style and in Chicago's CSL notes style,
#                                 side by side, beside pandoc --citeproc with the
#                                 same style file
#
# The HTML and text comparison builds `--format html,text`, the editions
# pandoc makes too; the PDF is measured on its own with --pdf.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need pandoc || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine, pandoc and GNU time (Debian packages)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine pandoc time >/dev/null
fi

cargo build --release --quiet --bin briefc --example gen-briefing --example gen-archive --example floor --example serve-latency
bin=target/release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sizes="1000 5000 20000"
rounds=6
runs=5
if [ -n "${QUICK:-}" ]; then sizes="1000 5000"; rounds=4; fi

median() { # file.json index -> milliseconds
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]; print(f\"{r['median']*1000:.1f}\")" "$1" "$2"
}
instructions() { # command... -> the instructions it runs (callgrind)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $4); print $4}'
}
# Sizes measured minutes apart meet different speeds of this machine, so
# two builds are timed in alternating rounds and the ratio is the median
# of the rounds' ratios.
build_ratio() { # rounds small large -> how many times as long large takes to build
  for round in $(seq "$1"); do
    hyperfine -N --warmup 1 --runs 3 --export-json "$work/ratio-$round.json" \
      "$bin/briefc build -q --format html,text --root $work/p$2 --out $work/out$2" \
      "$bin/briefc build -q --format html,text --root $work/p$3 --out $work/out$3" >/dev/null
  done
  python3 - "$work" <<'PY'
import glob, json, statistics, sys
rounds = [json.load(open(f))["results"] for f in glob.glob(sys.argv[1] + "/ratio-*.json")]
print(f"{statistics.median(statistics.median(r[1]['times']) / statistics.median(r[0]['times']) for r in rounds):.2f}")
PY
  rm -f "$work"/ratio-*.json
}
peak() { # command... -> peak resident memory in MB
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1/1024}'
}

# The machine's speed drifts over seconds to minutes, so briefc and the
# floor are timed in alternating rounds of a few runs each rather than
# one command after the other; medians are over every run, and each
# ratio is the median of the rounds' ratios.
summary() { # prefix -> "build check floor build/floor check/build" in ms
  python3 - "$@" <<'PY'
import glob, json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sorted(glob.glob(sys.argv[1] + "-*.json"))]
times = [[t for r in rounds for t in r[i]["times"]] for i in range(3)]
build, check, floor = (statistics.median(t) * 1000 for t in times)
per_round = [[statistics.median(r[i]["times"]) for i in range(3)] for r in rounds]
build_floor = statistics.median(b / f for b, _, f in per_round)
check_build = statistics.median(c / b for b, c, _ in per_round)
print(f"{build:.1f} {check:.1f} {floor:.1f} {build_floor:.2f} {check_build:.3f}")
PY
}

if [ "${1:-}" = "--archive" ]; then
  project="$work/archive"
  "$bin/examples/gen-archive" --out "$project" 2>"$work/gen-archive.log"
  size=$(du -sk "$project/briefings" "$project/footnotes" | awk '{s+=$1} END {printf "%.1f", s/1024}')
  # The project's own dist/, where a build keeps the output it replaced
  # and makes it into the next one.
  out="$project/dist"
  build="$bin/briefc build -q --format html,text --root $project --out $out"
  $build
  edit="$project/briefings/briefing-0500/001-section.md"
  # Three ways to build over the previous output: nothing changed, one
  # section saved with a change (its briefing's files differ), and from
  # nothing (the output removed first); and check.
  hyperfine -N --warmup 1 --runs 10 --export-json "$work/archive.json" \
    --prepare "true" --prepare "sh -c 'echo x >> $edit'" --prepare "rm -rf $out" --prepare "true" \
    "$build" "$build" "$build" "$bin/briefc check -q --root $project" >/dev/null
  cpu() { /usr/bin/time -f %P "$@" 2>&1 >/dev/null | tail -n 1; }
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; archive of 1,000 briefings x 50 footnotes, $size MB; medians of 10"
  echo
  printf "  %-38s %9s  %8s  %s\n" "" "median" "target" "cpu, peak memory"
  printf "  %-38s %6s ms  %8s  %s, %s MB\n" "build, nothing changed" "$(median "$work/archive.json" 0)" "1000 ms" "$(cpu $build)" "$(peak $build)"
  printf "  %-38s %6s ms  %8s\n" "build, one section changed" "$(median "$work/archive.json" 1)" "1000 ms"
  printf "  %-38s %6s ms  %8s\n" "build, previous output removed" "$(median "$work/archive.json" 2)" "-"
  printf "  %-38s %6s ms  %8s  %s, %s MB\n" "check" "$(median "$work/archive.json" 3)" "300 ms" \
    "$(cpu "$bin/briefc" check -q --root "$project")" "$(peak "$bin/briefc" check -q --root "$project")"
  latency=$("$bin/examples/serve-latency" "$bin/briefc" "$project" 10 2>/dev/null | sed 's/^save to reload event: //' || echo "not measured")
  printf "  %-38s %s (target 150 ms)\n" "serve, one briefing's section saved" "$latency"
  before=$(stat -c %Y "$out/index.html")
  sleep 1
  $build
  if [ "$(stat -c %Y "$out/index.html")" = "$before" ]; then
    echo "  a rebuild where nothing changed writes nothing: yes"
  else
    echo "  a rebuild where nothing changed writes nothing: no"
  fi
  exit 0
fi

if [ "${1:-}" = "--growth" ]; then
  # 5,000 and 50,000 footnotes: time in alternating rounds, and
  # instructions with callgrind (stable on a shared machine) when
  # valgrind is installed.
  for n in 5000 50000; do
    "$bin/examples/gen-briefing" --footnotes "$n" --out "$work/p$n" 2>"$work/gen$n.log"
  done
  time_ratio=$(build_ratio 4 5000 50000)
  instruction_ratio="not measured (valgrind missing)"
  if need valgrind; then
    built() { instructions "$bin/briefc" build -q --format html,text --root "$1" --out "$1/out"; }
    small=$(built "$work/p5000")
    large=$(built "$work/p50000")
    instruction_ratio=$(python3 -c "print(f'{$large / $small:.2f} times ({$small / 1e6:,.1f} M -> {$large / 1e6:,.1f} M)')")
  fi
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; 50,000 footnotes against 5,000"
  echo "  time:         $time_ratio times (target at most 10.5)"
  echo "  instructions: $instruction_ratio (target at most 10.5)"
  exit 0
fi

if [ "${1:-}" = "--diff" ]; then
  n=5000
  p="$work/p$n"
  "$bin/examples/gen-briefing" --footnotes "$n" --out "$p" 2>"$work/gen$n.log"
  g() { git -C "$1" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false "${@:2}"; }
  g "$p" init -q && g "$p" add -A && g "$p" commit -qm v1
  python3 - "$p" <<'PY'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
def edit(path, old, new):
    f = root / path
    text = f.read_text()
    assert old in text, (path, old)
    f.write_text(text.replace(old, new, 1))
first = re.search(r"\[\^[^\]]+\]", (root / "briefings/large/001-section.md").read_text()).group(0)
edit("briefings/large/001-section.md", first, first + "[^inserted]")
f = root / "footnotes/large.md"
f.write_text(f.read_text() + "\n[^inserted]: A note added after the sign-off.\n")
library = (root / "footnotes/sources.toml").read_text()
first_date = re.search(r"date = (\d{4})", library)
edit("footnotes/sources.toml", first_date.group(0), f"date = {int(first_date.group(1)) - 1}")
edit("briefings/large/002-section.md", " on the strength of ", " on the basis of ")
PY
  # The same project with a French copy of the briefing: once as a
  # translation of it, once as a briefing of its own.
  for kind in own translation; do
    cp -r "$p" "$work/$kind"
    rm -rf "$work/$kind/.git" "$work/$kind/pandoc"
    cp -r "$work/$kind/briefings/large" "$work/$kind/briefings/large-fr"
    cp "$work/$kind/footnotes/large.md" "$work/$kind/footnotes/large-fr.md"
    extra='language = "fr"'
    [ "$kind" = translation ] && extra="$extra"$'\n''translation-of = "large"'
    printf '%s\n%s\n' "$extra" "$(cat "$work/$kind/briefings/large-fr/briefing.toml")" >"$work/$kind/briefings/large-fr/briefing.toml"
  done
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/diff.json" \
    "$bin/briefc diff --root $p HEAD --format json" \
    "$bin/briefc diff --root $p HEAD" \
    "git -C $p diff --word-diff HEAD" >/dev/null
  hyperfine -N --warmup 1 --runs 10 --export-json "$work/translation.json" \
    "$bin/briefc check -q --root $work/own" \
    "$bin/briefc check -q --root $work/translation" >/dev/null
  own=$(instructions "$bin/briefc" check -q --root "$work/own")
  translated=$(instructions "$bin/briefc" check -q --root "$work/translation")
  summary=$("$bin/briefc" diff --root "$p" HEAD | tail -n 1)
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; $n footnotes; medians"
  echo "  the difference found: $summary"
  printf "  %-44s %9s ms  (target at most 500 ms)\n" "briefc diff HEAD --format json" "$(median "$work/diff.json" 0)"
  printf "  %-44s %9s ms\n" "briefc diff HEAD (the terminal's report)" "$(median "$work/diff.json" 1)"
  printf "  %-44s %9s ms\n" "git diff --word-diff (the sources' words)" "$(median "$work/diff.json" 2)"
  printf "  %-44s %9s ms  %14s instructions\n" "check, two briefings" "$(median "$work/translation.json" 0)" "$own"
  printf "  %-44s %9s ms  %14s instructions  (target at most 10%% more)\n" "check, the second a translation of the first" "$(median "$work/translation.json" 1)" "$translated"
  python3 -c "import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); print(f'  a translation costs {100 * (b - a) / a:+.2f}% in instructions')" "$own" "$translated"
  exit 0
fi

if [ "${1:-}" = "--csl" ]; then
  n=5000
  house="$work/house"
  csl="$work/csl"
  "$bin/examples/gen-briefing" --footnotes "$n" --out "$house" 2>"$work/gen$n.log"
  cp -r "$house" "$csl"
  mkdir -p "$csl/styles"
  "$bin/briefc" sources styles chicago-notes >"$csl/styles/chicago-notes.csl"
  printf '\n[style]\ncsl = "styles/chicago-notes.csl"\n' >>"$csl/briefc.toml"
  pandoc_dir="$house/pandoc"
  hyperfine -N --warmup 1 --runs 8 --export-json "$work/csl.json" \
    "$bin/briefc build -q --format html,text --root $house --out $work/out-house" \
    "$bin/briefc build -q --format html,text --root $csl --out $work/out-csl" \
    "pandoc $pandoc_dir/briefing.md --citeproc --csl $csl/styles/chicago-notes.csl --resource-path $pandoc_dir -o $work/pandoc.html" >/dev/null
  house_i=$(instructions "$bin/briefc" build -q --format html,text --root "$house" --out "$work/i-house")
  csl_i=$(instructions "$bin/briefc" build -q --format html,text --root "$csl" --out "$work/i-csl")
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; $n footnotes, HTML and text; medians"
  printf "  %-40s %9s ms  %14s instructions\n" "house style" "$(median "$work/csl.json" 0)" "$house_i"
  printf "  %-40s %9s ms  %14s instructions\n" "[style] csl = chicago-notes" "$(median "$work/csl.json" 1)" "$csl_i"
  printf "  %-40s %9s ms\n" "pandoc --citeproc, the same style (HTML)" "$(median "$work/csl.json" 2)"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(f'  CSL / house style: {r[1][\"median\"] / r[0][\"median\"]:.2f} times in time, {int(sys.argv[3]) / int(sys.argv[2]):.2f} in instructions (target at most 2)')" "$work/csl.json" "$house_i" "$csl_i"
  exit 0
fi

if [ "${1:-}" = "--docx" ]; then
  n=5000
  "$bin/examples/gen-briefing" --footnotes "$n" --out "$work/p$n" 2>"$work/gen$n.log"
  pandoc_dir="$work/p$n/pandoc"
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/docx.json" \
    "$bin/briefc build -q --format docx --root $work/p$n --out $work/docx" \
    "pandoc $pandoc_dir/briefing.md --citeproc --resource-path $pandoc_dir -o $work/pandoc.docx" \
    "pandoc $pandoc_dir/briefing.md -o $work/pandoc-plain.docx" >/dev/null
  docx=$(find "$work/docx" -name '*.docx' | head -n 1)
  # A reviewed copy: an insertion, as Word writes one, after every 50th run.
  python3 - "$docx" "$work/reviewed.docx" <<'PY'
import re, sys, zipfile
parts = {n: zipfile.ZipFile(sys.argv[1]).read(n) for n in zipfile.ZipFile(sys.argv[1]).namelist()}
doc = parts["word/document.xml"].decode()
count = 0
def insert(m):
    global count
    count += 1
    if count % 50:
        return m.group(0)
    return m.group(0) + f'<w:ins w:id="{count}" w:author="Reviewer" w:date="2026-12-01T00:00:00Z"><w:r><w:t xml:space="preserve"> more</w:t></w:r></w:ins>'
parts["word/document.xml"] = re.sub(r"</w:t></w:r>", insert, doc).encode()
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for name, data in parts.items():
        out.writestr(name, data)
PY
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/review.json" \
    "$bin/briefc review --root $work/p$n --format json $work/reviewed.docx" >/dev/null
  changes=$("$bin/briefc" review --root "$work/p$n" --format json "$work/reviewed.docx" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['changes']))")
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; $n footnotes; medians of 5"
  printf "  %-44s %9s ms  (target at most 1000 ms, 10 times faster than pandoc)\n" "briefc build --format docx" "$(median "$work/docx.json" 0)"
  printf "  %-44s %9s ms\n" "pandoc --citeproc -o .docx" "$(median "$work/docx.json" 1)"
  printf "  %-44s %9s ms\n" "pandoc -o .docx (citations unresolved)" "$(median "$work/docx.json" 2)"
  printf "  %-44s %9s ms  (target at most 1000 ms)\n" "briefc review, $changes tracked changes" "$(median "$work/review.json" 0)"
  exit 0
fi

if [ "${1:-}" = "--pdf" ]; then
  # The PDF alone: briefc typesets it with its built-in Typst; pandoc
  # through xelatex, when a TeX installation is there.
  xelatex_note="pandoc + xelatex: not installed (apt-get install texlive-xetex lmodern)"
  need xelatex && xelatex_note=""
  echo
  echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores; PDF edition, medians"
  echo
  # pandoc runs twice: as it comes, and with --toc, which gives its PDF
  # contents with page numbers as briefc's has (and makes pandoc run
  # xelatex three times instead of two).
  echo "  briefing          notes   pages    briefc  briefc peak   pandoc+xelatex  pandoc peak   pandoc/briefc   with --toc  ratio"
  for n in example 300 5000; do
    if [ "$n" = example ]; then
      project="$PWD"
      notes=$(./$bin/briefc list --format json 2>/dev/null | python3 -c "import json,sys; print(sum(b['footnotes'] for b in json.load(sys.stdin)))" 2>/dev/null || echo "?")
      id=$(ls briefings | head -n 1)
      drafts="--drafts"
    else
      project="$work/p$n"
      "$bin/examples/gen-briefing" --footnotes "$n" --out "$project" 2>"$work/gen$n.log"
      notes=$n
      id=large
      drafts=""
    fi
    runs=5
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/pdf$n.json" \
      "$bin/briefc build -q $drafts --format pdf --root $project --out $work/pdf$n" >/dev/null
    time_briefc=$(median "$work/pdf$n.json" 0)
    mem_briefc=$(peak "$bin/briefc" build -q $drafts --format pdf --root "$project" --out "$work/pdfmem$n")
    pages=$(pdfinfo "$work/pdfmem$n/$id/$id.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    pandoc_time="-"; pandoc_mem="-"; ratio="-"; toc_time="-"; toc_ratio="-"
    if [ -z "$xelatex_note" ] && [ "$n" != example ]; then
      if (cd "$project/pandoc" && hyperfine -N --warmup 0 --runs 3 --export-json "$work/pdfpd$n.json" \
        "pandoc --citeproc briefing.md --pdf-engine=xelatex -o $work/pandoc$n.pdf" \
        "pandoc --citeproc --toc briefing.md --pdf-engine=xelatex -o $work/pandoctoc$n.pdf" >/dev/null 2>&1); then
        pandoc_time=$(median "$work/pdfpd$n.json" 0)
        toc_time=$(median "$work/pdfpd$n.json" 1)
        pandoc_mem=$(cd "$project/pandoc" && peak pandoc --citeproc briefing.md --pdf-engine=xelatex -o "$work/pandocmem$n.pdf")
        ratio=$(python3 -c "print(f'{$pandoc_time / $time_briefc:.1f}x')")
        toc_ratio=$(python3 -c "print(f'{$toc_time / $time_briefc:.1f}x')")
        pandoc_time="$pandoc_time ms"; pandoc_mem="$pandoc_mem MB"; toc_time="$toc_time ms"
      else
        pandoc_time="failed"
      fi
    fi
    printf "  %-16s %6s  %6s  %8s ms  %8s MB   %14s  %11s   %13s  %11s  %5s\n" \
      "$n" "$notes" "${pages:-?}" "$time_briefc" "$mem_briefc" "$pandoc_time" "$pandoc_mem" "$ratio" "$toc_time" "$toc_ratio"
  done
  [ -n "$xelatex_note" ] && echo "$xelatex_note"
  exit 0
fi

rows=()
for n in $sizes; do
  project="$work/p$n"
  "$bin/examples/gen-briefing" --footnotes "$n" --out "$project" 2>"$work/gen$n.log"
  size=$(du -sk "$project/briefings" "$project/footnotes" | awk '{s+=$1} END {printf "%.1f", s/1024}')
  pandoc_runs=3
  [ "$n" -ge 20000 ] && pandoc_runs=1
  for round in $(seq "$rounds"); do
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/b$n-$round.json" \
      "$bin/briefc build -q --format html,text --root $project --out $work/out$n" \
      "$bin/briefc check -q --root $project" \
      "$bin/examples/floor $project $work/floor$n.html" >/dev/null
  done
  (cd "$project/pandoc" && hyperfine -N --warmup 0 --runs "$pandoc_runs" --export-json "$work/pd$n.json" \
    "pandoc --citeproc briefing.md -s -o $work/pandoc$n.html" \
    "pandoc --citeproc briefing.md -t plain -o $work/pandoc$n.txt" >/dev/null)
  read -r build check floor build_floor check_build < <(summary "$work/b$n")
  pandoc=$(python3 -c "print(f'{float($(median "$work/pd$n.json" 0)) + float($(median "$work/pd$n.json" 1)):.0f}')")
  mem_briefc=$(peak "$bin/briefc" build -q --format html,text --root "$project" --out "$work/mem$n")
  mem_pandoc=$(cd "$project/pandoc" && peak pandoc --citeproc briefing.md -s -o "$work/mem$n.html")
  rows+=("$(python3 -c "
n, size, build, check, floor, pandoc = $n, $size, $build, $check, $floor, $pandoc
build_floor, check_build = $build_floor, $check_build
print(f'{n:>6}  {size:>5.1f} MB  {build:>8.1f}  {check:>8.1f}  {floor:>7.1f}  {pandoc:>9.0f}  {pandoc/build:>7.0f}x  {build_floor:>6.2f}x  {check_build:>6.2f}  {$mem_briefc:>6} MB  {$mem_pandoc:>6} MB')
")")
done

scaling=""
if [ -d "$work/p20000" ]; then
  scaling=$'\n'"20,000 footnotes take $(build_ratio "$rounds" 5000 20000) times as long to build as 5,000 (alternating rounds)"
fi

latency=$("$bin/examples/serve-latency" "$bin/briefc" "$work/p5000" 10 2>/dev/null || echo "not measured")

echo
echo "briefc $(git describe --always --dirty 2>/dev/null || echo '?'), pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2), $(nproc) cores; medians in ms"
echo
echo "  notes  sources     build     check    floor  pandoc h+t  pandoc/  build/  check/  briefc    pandoc"
echo "                                                            build    floor   build    peak      peak"
for row in "${rows[@]}"; do echo "$row"; done
[ -n "$scaling" ] && echo "$scaling"
echo "serve, 5,000 footnotes: $latency"
# The targets for the 5,000-note briefing (benches/README.md) are in
# instructions (callgrind, stable on a shared machine), with the time
# ratios and peak memory from its row of the table and the latency above.
instructions_5000=""
if need valgrind; then
  instructions_5000="$(instructions "$bin/briefc" build -q --format html,text --root "$work/p5000" --out "$work/cg5000") \
$(instructions "$bin/briefc" check -q --root "$work/p5000") $(instructions "$bin/examples/floor" "$work/p5000" "$work/cg5000.html") \
$(instructions "$bin/examples/floor" "$work/p5000" --parse-only)"
fi
python3 - "$instructions_5000" "${rows[@]}" <<'PY'
import sys
counts = sys.argv[1].split()
for row in sys.argv[2:]:
    cells = row.split()
    if cells[0] == "5000":
        build_floor, check_build, peak = cells[8].rstrip("x"), cells[9], cells[10]
        if len(counts) == 4:
            build, check, floor, parse = (int(c) for c in counts)
            print(f"targets at 5,000, in instructions: build/floor {build / floor:.2f}x (at most 2.8x; "
                  f"{build / 1e6:.1f} M / {floor / 1e6:.1f} M), check/build {check / build:.2f} (at most 0.45; "
                  f"{check / 1e6:.1f} M)")
            # check/build at most 0.45 means check at most 0.45/0.55 of
            # what rendering adds (build - check): printed beside what
            # pulldown-cmark's parse alone of the same files costs.
            print(f"  check at 0.45 of build could use at most {0.45 / 0.55 * (build - check) / 1e6:.1f} M; "
                  f"pulldown-cmark's parse alone of the same Markdown is {parse / 1e6:.1f} M")
        print(f"targets at 5,000, in time: build/floor {build_floor}x, check/build {check_build}; "
              f"peak {peak} MB (about 31 MB); save to reload at most 100 ms (above)")
PY
