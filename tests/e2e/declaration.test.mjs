// The cookie declaration `kakor declaration --format html` writes, as a
// browser reads it: each example site's golden file (the command's output,
// compared by `cargo test -p kakor-cli`) placed in a policy page, where
// axe-core finds no WCAG 2.2 AA violation and the parsed tables hold every
// row the file has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./harness.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const golden = join(root, "crates/kakor-cli/tests/golden");
const AXE = createRequire(import.meta.url).resolve("axe-core");
const files = readdirSync(golden).filter((f) => f.endsWith(".html"));

test("the declaration of every example site is accessible and parses as written", async () => {
  assert.equal(files.length, 4, `four example sites: ${files}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    for (const file of files) {
      const fragment = readFileSync(join(golden, file), "utf8");
      const page = await browser.newPage();
      await page.setContent(
        `<!doctype html><html lang="en"><head><title>Privacy policy</title></head><body><main><h1>Privacy policy</h1>${fragment}</main></body></html>`,
      );
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      assert.deepEqual(violations, [], file);
      const parsed = await page.evaluate(() => ({
        rows: document.querySelectorAll(".kakor-declaration-cookies tbody tr").length,
        named: document.querySelectorAll('.kakor-declaration-cookies tbody tr > th[scope="row"]:first-child').length,
        captions: document.querySelectorAll(".kakor-declaration-cookies > caption").length,
        tables: document.querySelectorAll(".kakor-declaration-cookies").length,
        scripts: document.querySelectorAll(".kakor-declaration script, .kakor-declaration [style]").length,
      }));
      const written = fragment.split("\n").filter((line) => line.startsWith('<tr><th scope="row">')).length;
      assert.ok(written > 0, file);
      assert.equal(parsed.rows, written, `${file}: every written row is a row of a table`);
      assert.equal(parsed.named, written, file);
      assert.equal(parsed.captions, parsed.tables, file);
      assert.equal(parsed.scripts, 0, file);
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
