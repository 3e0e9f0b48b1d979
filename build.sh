#!/usr/bin/env bash
# kakor's one build script. Each mode first installs what it is missing
# (idempotent: what is already there is skipped), then:
#   ./build.sh          release build into www/dist/
#   ./build.sh serve    build, then serve www/ on 127.0.0.1:${PORT:-8080}
#   ./build.sh test     build, then run every test layer; non-zero on any failure
#   ./build.sh bench    build, then compare kakor with vanilla-cookieconsent and Klaro
#   ./build.sh bench-log  the consent log under load (SQLite, and a PostgreSQL it starts)
set -euo pipefail
# A catalogue kept outside this repository, as in
# `KAKOR_CATALOGUE=../site/categories.toml ./build.sh`, is read by build.rs;
# its path is made absolute before the build moves into this directory.
if [ -n "${KAKOR_CATALOGUE:-}" ]; then
  KAKOR_CATALOGUE=$(realpath -m -- "$KAKOR_CATALOGUE")
  export KAKOR_CATALOGUE
fi
cd "$(dirname "$0")"

mode=${1:-build}
case $mode in
  build | serve | test | bench | bench-log) ;;
  *) echo "usage: ./build.sh [serve|test|bench|bench-log]" >&2; exit 2 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages: installed when missing if we are root, else named.
need_debian() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_rust() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  }
  # wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: its lock file names a crate release the registry no longer serves.
    cargo install --quiet --force wasm-bindgen-cli --version "$want"
  fi
}

# Sets TOOLCHAIN to the pinned nightly, installing it when missing. Where
# rustup cannot download, a toolchain named `nightly` that is the same
# compiler does as well; anything else is an error, not a silent stable build.
need_nightly() {
  local toolchain
  for toolchain in "$NIGHTLY" nightly; do
    if rustc "+$toolchain" --version 2>/dev/null | grep -qF "$NIGHTLY_RUSTC"; then
      TOOLCHAIN=$toolchain
      break
    fi
  done
  if [ -z "${TOOLCHAIN:-}" ]; then
    say "installing the pinned toolchain $NIGHTLY (once)"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src --target wasm32-unknown-unknown
    TOOLCHAIN=$NIGHTLY
  fi
  rustup component list --toolchain "$TOOLCHAIN" --installed | grep -q '^rust-src' \
    || rustup component add rust-src --toolchain "$TOOLCHAIN"
  rustup target list --toolchain "$TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown --toolchain "$TOOLCHAIN"
}

need_node() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# The shipped module is always built with one pinned nightly, installed here
# when missing, so every machine ships the same bytes: std rebuilt for size,
# and panics that abort without formatting a message, save 8.6 KB brotli
# (66.2 → 57.7 KB measured). A nightly is named for the day it was published,
# the day after its compiler's commit: nightly-2026-05-20 is rustc
# 1.97.0-nightly (e50aa6fba 2026-05-19).
NIGHTLY=nightly-2026-05-20
NIGHTLY_RUSTC="e50aa6fba 2026-05-19"

# What a visitor may download at most (kakor.js + kakor_bg.wasm, brotli -q 11)
# from the nightly build: the measured size + 3 % (59,377 B on 2026-11-27,
# with the proof's source, version and texts hash, the controller and kakor's
# own storage in the preferences). Lower it as it shrinks; docs/size.md says
# what each capability costs.
SIZE_BUDGET=61150

# The languages the banner speaks: all six, unless KAKOR_LANGUAGES names
# fewer (English is always in), as in `KAKOR_LANGUAGES=sv,en ./build.sh`.
# Prints the cargo flags for them.
language_features() {
  [ -n "${KAKOR_LANGUAGES:-}" ] || return 0
  local lang features=()
  for lang in ${KAKOR_LANGUAGES//,/ }; do
    case $lang in
      en) ;;
      sv | nb | da | fi | de) features+=("$lang") ;;
      *)
        echo "error: KAKOR_LANGUAGES names \`$lang\`; kakor speaks en, sv, nb, da, fi and de" >&2
        return 2
        ;;
    esac
  done
  local IFS=,
  echo "--no-default-features --features=${features[*]}"
}

# Builds the shipped module, with the cargo flags given (`--features=…`);
# sets `wasm` to it and `out_dir` to build.rs's output (loader.json: what
# kakor.js needs from the built-in catalogue).
build_wasm() {
  local languages declaration=$*
  languages=$(language_features)
  [ -z "${KAKOR_LANGUAGES:-}" ] || say "speaking ${KAKOR_LANGUAGES} only (KAKOR_LANGUAGES)"
  [ -z "${KAKOR_CATALOGUE:-}" ] || say "built-in catalogue: $KAKOR_CATALOGUE (KAKOR_CATALOGUE)"
  say "building the wasm module ($TOOLCHAIN, size-optimised std)${declaration:+ with $declaration}"
  # shellcheck disable=SC2086 # the feature flags are words
  out_dir=$(RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    cargo "+$TOOLCHAIN" build --quiet --release --target wasm32-unknown-unknown -p kakor $languages $declaration \
    -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --target-dir target/nightly \
    --message-format=json-render-diagnostics \
    | node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => {
        for (const m of t.split("\n").filter(Boolean).map((l) => JSON.parse(l)))
          if (m.reason === "build-script-executed" && /#kakor@/.test(m.package_id)) console.log(m.out_dir);
      })')
  [ -n "$out_dir" ] || { echo "error: cargo named no build.rs output for kakor" >&2; exit 1; }
  wasm=target/nightly/wasm32-unknown-unknown/release/kakor.wasm
}

build() {
  need_rust
  need_nightly
  need_node
  mkdir -p target www/dist
  rustc "+$TOOLCHAIN" --version > target/kakor-built-with
  bundle kakor
  # The cookie declaration a policy page shows in `<div data-kakor-declaration>`
  # adds 9.9 KB brotli (measured: 57.6 → 67.5 KB for the pair): a pair of
  # its own, loaded by the pages that include kakor-declaration.js instead
  # of kakor.js, so no other page carries it.
  bundle kakor-declaration --features=declaration
  cp src/kakor.d.ts src/kakor.mjs src/kakor.d.mts src/react.mjs src/react.d.mts src/vue.mjs src/vue.d.mts src/server.mjs src/server.d.mts www/dist/
}

# One loader and module pair, `www/dist/NAME.js` and `NAME_bg.wasm`, built
# with the cargo flags that follow NAME.
bundle() {
  local name=$1
  shift
  local wasm out_dir
  build_wasm "$@"
  local out=target/kakor-dist/$name
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$out" "$wasm" 2> >(grep -v 'target_features' >&2)
  # Debian's wasm-opt breaks the module in Chromium; binaryen from npm works.
  # Flattening and re-looping before two -Oz rounds run to a fixed point
  # saved 478 B brotli over one -Oz (measured; about 10 s more). Passes that
  # assume traps never happen were smaller still, but a panic here is a trap.
  local features="--enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
    --enable-reference-types --enable-mutable-globals --enable-multivalue"
  # shellcheck disable=SC2086 # the feature flags are words
  node_modules/.bin/wasm-opt --flatten --rereloop -Oz -Oz --converge $features \
    "$out/kakor_bg.wasm" -o "$out/optimized.wasm"
  # Then, once (--converge would repeat it), the import and export names are
  # shortened and the map printed; the glue is renamed to match
  # (tools/minify-names.mjs says what that saves).
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt --minify-imports-and-exports-and-modules $features \
    "$out/optimized.wasm" -o "www/dist/${name}_bg.wasm" > "$out/names.txt"
  node tools/minify-names.mjs "$out/names.txt" "$out/kakor.js"
  local version mode signals
  version=$(node -p 'require("./package.json").version')
  # From build.rs: the built-in catalogue's [consent_mode], for the loader's
  # synchronous default, and kakor-core's list of Consent Mode signals.
  mode=$(node -p 'JSON.stringify(require(process.argv[1]).consent_mode)' "$out_dir/loader.json")
  signals=$(node -p 'JSON.stringify(require(process.argv[1]).signals)' "$out_dir/loader.json")
  awk -v glue="$out/kakor.js" -v version="$version" -v mode="$mode" -v signals="$signals" -v module="${name}_bg.wasm" '
    /^ *\/\/ @glue$/ { while ((getline line < glue) > 0) print line; next }
    { gsub(/@VERSION/, version); sub(/\/\* @CONSENT_MODE \*\/ null/, mode); sub(/\/\* @SIGNALS \*\/ \[\]/, signals)
      sub(/"kakor_bg\.wasm"/, "\"" module "\""); print }' \
    src/kakor.js > "$out/kakor.full.js"
  # wasm-bindgen's glue is written to be read; visitors download it minified
  # (terser: 8.4 → 5.9 KB brotli when measured).
  node_modules/.bin/terser "$out/kakor.full.js" --compress --mangle --comments false --output "www/dist/$name.js"
  say "www/dist: $(wc -c < "www/dist/$name.js") B $name.js, $(wc -c < "www/dist/${name}_bg.wasm") B ${name}_bg.wasm"
}

# Native-only crates never reach the visitor's wasm (ARCHITECTURE.md).
check_wasm_graph() {
  local heavy
  heavy=$(cargo tree -p kakor --target wasm32-unknown-unknown -e normal --prefix none \
    | awk '{print $1}' | sort -u \
    | grep -xE 'tokio|sqlx|mio|hyper|axum|toml|toml_edit|toml_parser|chromiumoxide|fantoccini|clap|indicatif' || true)
  if [ -n "$heavy" ]; then
    echo "error: the wasm build depends on native-only crates: $heavy" >&2
    exit 1
  fi
}

run_tests() {
  # postgresql: kakor-log's tests start a server of their own in a temporary directory.
  # firefox-esr, webkit2gtk-driver (WebKitGTK's MiniBrowser) and xvfb: the other engines.
  need_debian chromium chromium-driver brotli postgresql firefox-esr webkit2gtk-driver xvfb
  check_wasm_graph
  say "core: cargo test"
  cargo test --quiet --workspace --exclude kakor --all-features
  # The end-to-end tests spawn the receiver and `kakor texts` from target/debug.
  cargo build --quiet -p kakor-log -p kakor-cli
  say "shell: wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kakor --target wasm32-unknown-unknown --test web
  fuzz_smoke
  say "end to end: node --test with playwright-core"
  node --test --test-concurrency=1 tests/e2e/
  say "other engines: the smoke flows in Firefox ESR and WebKitGTK"
  node --test --test-concurrency=1 tests/engines/
  check_size
}

# A few seconds of each fuzz target, so a crash the corpus already finds
# fails the build; the long runs are by hand (docs/security.md, "Threat model").
fuzz_smoke() {
  cargo fuzz --version >/dev/null 2>&1 || { say "installing cargo-fuzz (once)"; cargo install --quiet cargo-fuzz; }
  say "fuzz smoke run: 5 s per target"
  local target corpus
  for target in catalogue_toml catalogue_json record; do
    corpus=$(mktemp -d)
    cp crates/kakor-core/fuzz/corpus/"$target"/* "$corpus"/
    if ! (cd crates/kakor-core && cargo "+$TOOLCHAIN" fuzz run --release "$target" "$corpus" -- -max_total_time=5 >"$corpus.log" 2>&1); then
      tail -40 "$corpus.log" >&2
      echo "error: fuzz target $target failed; the input is in crates/kakor-core/fuzz/artifacts/$target/" >&2
      exit 1
    fi
    grep -o "Done [0-9]* runs" "$corpus.log" | sed "s/^/  $target: /"
    rm -rf "$corpus" "$corpus.log"
  done
}

check_size() {
  local js wasm total
  js=$(brotli -c -q 11 www/dist/kakor.js | wc -c)
  wasm=$(brotli -c -q 11 www/dist/kakor_bg.wasm | wc -c)
  total=$((js + wasm))
  say "visitor download (brotli -q 11): $js B kakor.js + $wasm B kakor_bg.wasm = $total B (budget $SIZE_BUDGET B)"
  local with_declaration
  with_declaration=$(($(brotli -c -q 11 www/dist/kakor-declaration.js | wc -c) + $(brotli -c -q 11 www/dist/kakor-declaration_bg.wasm | wc -c)))
  say "on a page with the declaration instead: kakor-declaration.js + its module = $with_declaration B ($((with_declaration - total)) B more)"
  if ! grep -qF "$NIGHTLY_RUSTC" target/kakor-built-with; then
    echo "error: www/dist was not built with the pinned $NIGHTLY ($(cat target/kakor-built-with)); the figures are for it" >&2
    exit 1
  elif [ "$total" -gt "$SIZE_BUDGET" ]; then
    echo "error: the visitor download grew past its budget ($total > $SIZE_BUDGET bytes)" >&2
    exit 1
  fi
}

# A PostgreSQL of our own for the benchmark: a fresh cluster in a temporary
# directory, on a unix socket only, run as the postgres user (it refuses
# root), stopped and removed when the script exits, however it exits.
pg_dir=
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/kakor-log-pg.XXXXXX)
  trap stop_postgres EXIT
  [ "$(id -u)" -ne 0 ] || chown postgres "$pg_dir"
  as_postgres "$pg_bin/initdb" -A trust -U postgres -E UTF8 -D "$pg_dir/data" >/dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/log" \
    -o "-k $pg_dir -c listen_addresses=''" start >/dev/null
}

bench_log() {
  need_debian postgresql
  say "building kakor-log (profile native)"
  cargo build --quiet --profile native -p kakor-log
  start_postgres
  say "kakor-log bench: ${PROOFS:-20000} proofs from ${CLIENTS:-64} clients on loopback"
  target/native/kakor-log bench --proofs "${PROOFS:-20000}" --clients "${CLIENTS:-64}" \
    --postgres "postgres://postgres@localhost/postgres?host=$pg_dir"
}

# The tests speak every language, and the size budget is for that build.
if [ "$mode" = test ] && [ -n "${KAKOR_LANGUAGES:-}" ]; then
  say "ignoring KAKOR_LANGUAGES: the tests need every language"
  unset KAKOR_LANGUAGES
fi
# The consent log's benchmark needs no wasm.
[ "$mode" = bench-log ] || build
case $mode in
  serve) exec node tools/serve.mjs www "${PORT:-8080}" ;;
  test) run_tests ;;
  bench)
    need_debian chromium
    node tools/bench.mjs
    ;;
  bench-log) bench_log ;;
esac
