// Renames wasm-bindgen's glue to match a module whose import and export
// names wasm-opt minified (--minify-imports-and-exports-and-modules).
//
// wasm-bindgen names each import after its function plus a 16-digit hash
// (`__wbg_querySelector_729c5470ea4b43e8`), and the names stand twice in the
// download: in the module's import section and as keys of the glue's import
// object, which terser cannot shorten. Hashes barely compress; one or two
// letters instead saved 2,354 B brotli of the wasm and 1,783 B of kakor.js
// when measured (the download: 61,716 → 57,579 B).
//
// usage: node tools/minify-names.mjs <wasm-opt's map> <glue.js>   (in place)

import { readFileSync, writeFileSync } from "node:fs";

const [mapPath, gluePath] = process.argv.slice(2);
// The map wasm-opt prints is JSON-like, with trailing commas: read its rows.
const map = readFileSync(mapPath, "utf8");
const imports = [...map.matchAll(/^\s*\["([^"]+)", "([^"]+)", "([^"]+)"\]/gm)];
const exports = [...map.matchAll(/^\s*\["([^"]+)", "([^"]+)"\]/gm)];
if (imports.length === 0 || exports.length === 0) {
  throw new Error(`${mapPath}: no import or export names; did wasm-opt print its map?`);
}

let glue = readFileSync(gluePath, "utf8");
const escape = (name) => name.replace(/[$]/g, "\\$");
function rename(pattern, replacement, what) {
  let count = 0;
  glue = glue.replace(pattern, () => {
    count++;
    return replacement;
  });
  if (count === 0) throw new Error(`${gluePath}: ${what} is not in the glue`);
}

const modules = new Set(imports.map((row) => row[1]));
if (modules.size !== 1) throw new Error(`${mapPath}: expected one import module, found ${[...modules].join(", ")}`);
// The module is renamed to "a" (binaryen's first minified name).
rename(new RegExp(`"${escape([...modules][0]).replace(/\./g, "\\.")}":`, "g"), `"a":`, "the import module");
for (const [, , from, to] of imports) {
  rename(new RegExp(`\\b${escape(from)}:`, "g"), `${JSON.stringify(to)}:`, `import ${from}`);
}
// Exports the glue never reads (wasm-bindgen's own bookkeeping) need no rename.
for (const [, from, to] of exports) {
  const pattern = new RegExp(`\\bwasm\\.${escape(from)}\\b`, "g");
  if (pattern.test(glue)) rename(pattern, `wasm[${JSON.stringify(to)}]`, `export ${from}`);
}
writeFileSync(gluePath, glue);
