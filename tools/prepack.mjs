// npm runs this before `npm pack` and `npm publish`. The package is what
// ./build.sh writes to www/dist/, so packing a clone that was never built is
// refused: npm would otherwise pack, without a word, a package with no kakor
// in it.
import { existsSync, readFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const { files } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const missing = files.filter((file) => !existsSync(new URL(file, root)));
if (missing.length > 0) {
  console.error(
    `kakor: cannot pack, ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing: ` +
      "run ./build.sh first (it writes www/dist/), then npm pack again",
  );
  process.exit(1);
}
