#!/usr/bin/env bash
# kakor's one build script. Each mode first installs what it is missing
# (idempotent: what is already there is skipped), then:
#   ./build.sh          release build into www/dist/
#   ./build.sh serve    build, then serve www/ on 127.0.0.1:${PORT:-8080}
#   ./build.sh test     build, then run every test layer; non-zero on any failure
#   ./build.sh bench    build, then compare kakor with vanilla-cookieconsent and Klaro
#   ./build.sh bench-log  the consent log under load (SQLite, and a PostgreSQL it starts)
set -euo pipefail
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

need_node() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# The shipped module is built with one pinned nightly when it is installed (it
# is on these machines): std rebuilt for size, and panics that abort without
# formatting a message, save 8.6 KB brotli (66.2 → 57.7 KB measured). Any
# other machine builds the same code on stable.
PINNED_NIGHTLY=2026-05-19

# What a visitor may download at most (kakor.js + kakor_bg.wasm, brotli -q 11)
# from the nightly build: the measured size + 5 %. Lower it as it shrinks.
SIZE_BUDGET=57500

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

build_wasm() {
  local languages
  languages=$(language_features)
  [ -z "${KAKOR_LANGUAGES:-}" ] || say "speaking ${KAKOR_LANGUAGES} only (KAKOR_LANGUAGES)"
  if rustup run nightly rustc --version 2>/dev/null | grep -q "$PINNED_NIGHTLY"; then
    rustup component list --toolchain nightly --installed | grep -q '^rust-src' \
      || rustup component add rust-src --toolchain nightly
    rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown \
      || rustup target add wasm32-unknown-unknown --toolchain nightly
    say "building the wasm module (nightly $PINNED_NIGHTLY, size-optimised std)"
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
      cargo +nightly build --quiet --release --target wasm32-unknown-unknown -p kakor $languages \
      -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --target-dir target/nightly
    wasm=target/nightly/wasm32-unknown-unknown/release/kakor.wasm
  else
    say "building the wasm module (stable)"
    cargo build --quiet --release --target wasm32-unknown-unknown -p kakor $languages
    wasm=target/wasm32-unknown-unknown/release/kakor.wasm
  fi
}

build() {
  need_rust
  need_node
  local wasm
  build_wasm
  echo "$wasm" > target/kakor-built-with
  local out=target/kakor-dist
  rm -rf "$out" && mkdir -p "$out" www/dist
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
    "$out/optimized.wasm" -o www/dist/kakor_bg.wasm > "$out/names.txt"
  node tools/minify-names.mjs "$out/names.txt" "$out/kakor.js"
  local version mode
  version=$(node -p 'require("./package.json").version')
  # The built-in catalogue's [consent_mode], for the loader's synchronous default.
  mode=$(cargo run --quiet -p kakor-cli -- json categories.toml \
    | node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => console.log(JSON.stringify(JSON.parse(t).consent_mode ?? null)))')
  awk -v glue="$out/kakor.js" -v version="$version" -v mode="$mode" '
    /^ *\/\/ @glue$/ { while ((getline line < glue) > 0) print line; next }
    { gsub(/@VERSION/, version); sub(/\/\* @CONSENT_MODE \*\/ null/, mode); print }' src/kakor.js > "$out/kakor.full.js"
  # wasm-bindgen's glue is written to be read; visitors download it minified
  # (terser: 8.4 → 5.9 KB brotli when measured).
  node_modules/.bin/terser "$out/kakor.full.js" --compress --mangle --comments false --output www/dist/kakor.js
  cp src/kakor.d.ts src/kakor.mjs src/kakor.d.mts src/react.mjs src/react.d.mts src/vue.mjs src/vue.d.mts src/server.mjs src/server.d.mts www/dist/
  say "www/dist: $(wc -c < www/dist/kakor.js) B kakor.js, $(wc -c < www/dist/kakor_bg.wasm) B kakor_bg.wasm"
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
  need_debian chromium chromium-driver brotli postgresql
  check_wasm_graph
  say "core: cargo test"
  cargo test --quiet --workspace --exclude kakor --all-features
  # The end-to-end tests spawn the receiver from target/debug.
  cargo build --quiet -p kakor-log
  say "shell: wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kakor --target wasm32-unknown-unknown --test web
  fuzz_smoke
  say "end to end: node --test with playwright-core"
  node --test --test-concurrency=1 tests/e2e/
  check_size
}

# A few seconds of each fuzz target, so a crash the corpus already finds
# fails the build; the long runs are by hand (docs/security.md, "Threat model").
fuzz_smoke() {
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "note: no nightly toolchain here, so no fuzz smoke run"
    return
  fi
  cargo fuzz --version >/dev/null 2>&1 || { say "installing cargo-fuzz (once)"; cargo install --quiet cargo-fuzz; }
  say "fuzz smoke run: 5 s per target"
  local target corpus
  for target in catalogue_toml catalogue_json record; do
    corpus=$(mktemp -d)
    cp crates/kakor-core/fuzz/corpus/"$target"/* "$corpus"/
    if ! (cd crates/kakor-core && cargo +nightly fuzz run --release "$target" "$corpus" -- -max_total_time=5 >"$corpus.log" 2>&1); then
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
  if ! grep -q nightly target/kakor-built-with; then
    echo "note: built on stable; the budget is for the nightly build, so it is not checked"
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
