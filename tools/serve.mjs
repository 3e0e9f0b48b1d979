// A static file server for the demo site and the end-to-end tests: loopback
// only, correct types (application/wasm for the module), no caching.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
};

/** The Content Security Policy kakor works under (docs/security.md). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{{nonce}}'; style-src 'self'; " +
  "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port), and the HTML
 *  pages in `pages` (path → text, or { html, headers }) before it; resolves
 *  to the server. */
export function serve(root, port = 0, pages = new Map()) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    if (pages.has(path)) {
      const page = pages.get(path);
      const { html, headers } = typeof page === "string" ? { html: page, headers: {} } : page;
      response.writeHead(200, { "content-type": TYPES[".html"], "cache-control": "no-store", ...headers });
      response.end(html);
      return;
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      let body = await readFile(file);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      };
      // KAKOR_ENDPOINT=URL makes the demo's kakor send its proofs there (a
      // consent log of your own: docs/consent-log.md).
      if (process.env.KAKOR_ENDPOINT && extname(file) === ".html") {
        const endpoint = process.env.KAKOR_ENDPOINT.replaceAll('"', "&quot;");
        body = body.toString("utf8").replace('src="/dist/kakor.js"', `src="/dist/kakor.js" data-endpoint="${endpoint}"`);
      }
      // Pages under /strict/ get the strict CSP docs/security.md recommends, with a
      // fresh nonce per response written into their {{nonce}} placeholders.
      if (path.startsWith("/strict/") && extname(file) === ".html") {
        const nonce = randomBytes(16).toString("base64");
        body = body.toString("utf8").replaceAll("{{nonce}}", nonce);
        headers["content-security-policy"] = STRICT_CSP.replace("{{nonce}}", nonce);
      }
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = "www", port = "8080"] = process.argv.slice(2);
  const server = await serve(root, Number(port));
  console.log(`kakor demo: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
}
