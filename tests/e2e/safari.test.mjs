// A choice that survives Safari: with the proof endpoint on the page's own
// origin (a proxy in front of the site and a real `kakor-log`, as nginx does
// it), the receiver sets the `kakor` cookie in a `Set-Cookie` header, the
// kind WebKit does not delete after seven days, and expires it on a withdrawal.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harness } from "./harness.mjs";

const site = harness();
const BIN = new URL("../../target/debug/kakor-log", import.meta.url).pathname;
const banner = '[data-kakor="banner"]';
const dir = await mkdtemp(join(tmpdir(), "kakor-safari-e2e-"));

/** The site's front server: `/consent/proofs` to the receiver (503 while
 *  `receiving` is off, as when it is down), everything else to the pages.
 *  What the receiver answered is in `log`: a page that reloads on a
 *  withdrawal takes its requests' responses out of playwright's sight. */
const front = { receiving: false, receiver: 0, log: [] };
const proxy = createServer((incoming, outgoing) => {
  const toLog = incoming.url === "/consent/proofs";
  if (toLog && !front.receiving) {
    outgoing.writeHead(503).end();
    return;
  }
  const target = toLog ? new URL(`http://127.0.0.1:${front.receiver}`) : new URL(site.url());
  const forward = request(
    { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
    (answer) => {
      if (toLog) answer.on("end", () => front.log.push({ body, status: answer.statusCode, setCookie: answer.headers["set-cookie"] }));
      outgoing.writeHead(answer.statusCode, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forward.on("error", () => outgoing.writeHead(502).end());
  let body = "";
  incoming.on("data", (chunk) => (body += chunk));
  incoming.pipe(forward);
});
await new Promise((done) => proxy.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${proxy.address().port}`;

/** `kakor-log serve` on a free port, taking proofs from the front's origin. */
const receiver = spawn(
  BIN,
  ["serve", "--listen", "127.0.0.1:0", "--database", `sqlite://${join(dir, "log.db")}`, "--origin", origin],
  { stdio: ["ignore", "pipe", "inherit"] },
);
let out = "";
await new Promise((done, fail) => {
  receiver.stdout.on("data", (chunk) => {
    out += chunk;
    const port = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1];
    if (port) {
      front.receiver = Number(port);
      done();
    }
  });
  receiver.once("exit", (code) => fail(new Error(`kakor-log exited with ${code} (is it built? cargo build -p kakor-log)`)));
});
after(async () => {
  receiver.kill("SIGTERM");
  await once(receiver, "exit");
  proxy.close();
  await rm(dir, { recursive: true, force: true });
});

const demo = await readFile(new URL("../../www/index.html", import.meta.url), "utf8");
const tag = '<script src="/dist/kakor.js">';
assert.ok(demo.includes(tag), "the demo page includes kakor.js");
site.servePage("/safari.html", demo.replace(tag, '<script src="/dist/kakor.js" data-endpoint="/consent/proofs">'));

/** The first answer in the front's log that `matches`, once it is there. */
async function logged(matches) {
  for (let waited = 0; waited < 10e3; waited += 50) {
    const entry = front.log.find(matches);
    if (entry) return entry;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`no such answer; the receiver answered ${JSON.stringify(front.log)}`);
}
const kakorCookie = async (page) => (await page.context().cookies()).find((c) => c.name === "kakor");
const withoutMaxAge = (cookie) => cookie.replace(/; Max-Age=\d+/, "");

/** WebKit after a week away: no cookie a script wrote survives. Here the
 *  banner's own writes of `kakor` never land (they are kept in
 *  `window.kakorWrites` to compare), so every `kakor` cookie in the jar is
 *  one the server set, and only the server can expire it. */
function scriptCookiesLost() {
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  window.kakorWrites = [];
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      if (value.startsWith("kakor=")) window.kakorWrites.push(value);
      else cookie.set.call(this, value);
    },
  });
}

test("the receiver sets the banner's very cookie, the banner reads it, and a withdrawal expires it", async () => {
  front.receiving = true;
  front.log = [];
  const page = await site.page();
  await page.addInitScript(scriptCookiesLost);
  await page.goto(`${origin}/safari.html`);
  await page.locator('[data-action="accept-all"]').click();
  const stored = await logged((entry) => entry.status === 201);
  const [written] = await page.evaluate(() => window.kakorWrites);
  assert.match(written, /^kakor=2\./, "the banner tried to write its cookie");
  const consent = await page.evaluate(() => kakor.get());

  assert.equal(stored.setCookie.length, 1);
  const [header] = stored.setCookie;
  assert.equal(withoutMaxAge(header), withoutMaxAge(written), "byte for byte the banner's cookie, attributes included");
  const age = (cookie) => Number(cookie.match(/; Max-Age=(\d+)/)[1]);
  assert.ok(Math.abs(age(header) - age(written)) <= 5, `Max-Age ${age(header)} against the banner's ${age(written)}`);
  const set = await kakorCookie(page);
  assert.equal(`kakor=${set.value}`, written.split("; ")[0]);
  assert.equal(set.httpOnly, false, "the banner can read it");

  // The next view reads the cookie the server set: no banner, consent kept.
  await page.reload();
  assert.deepEqual(await page.evaluate(() => kakor.ready), consent);
  assert.equal(await page.locator(banner).isVisible(), false);

  // A withdrawal tells the receiver, whose answer expires the cookie: the
  // banner's own expiry does not land here.
  await page.evaluate(() => kakor.withdraw());
  const notice = await logged((entry) => entry.body.includes('"withdrawn"'));
  const sent = JSON.parse(notice.body);
  assert.deepEqual(Object.keys(sent), ["id", "withdrawn", "timestamp"]);
  assert.equal(sent.id, consent.id);
  assert.equal(sent.withdrawn, true);
  assert.ok(Math.abs(Date.parse(sent.timestamp) - Date.now()) < 60e3, sent.timestamp);
  assert.equal(notice.status, 200);
  assert.deepEqual(notice.setCookie, ["kakor=; Path=/; SameSite=Lax; Max-Age=0"]);
  // A page of its own: the withdrawal reloads this one at its own pace.
  const next = await page.context().newPage();
  await next.goto(`${origin}/safari.html`);
  await next.locator(banner).waitFor();
  assert.equal(await kakorCookie(next), undefined);
  assert.equal(await next.evaluate(() => kakor.get()), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a proof retried after a withdrawal does not bring the cookie back", async () => {
  front.receiving = false;
  front.log = [];
  const page = await site.page();
  await page.goto(`${origin}/safari.html`);
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox") || "{}").proofs?.length === 1);
  await page.evaluate(() => kakor.withdraw());
  await page.waitForLoadState();
  await page.locator(banner).waitFor();

  // The receiver is back: the old proof is stored, and its cookie dropped.
  front.receiving = true;
  await page.reload();
  const stored = await logged((entry) => entry.status === 201);
  assert.equal(stored.setCookie.length, 1, "the receiver answers a same-origin proof with the cookie");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox")).proofs.length === 0);
  assert.equal(await kakorCookie(page), undefined, "sent without credentials: the browser kept no cookie");
  await page.reload();
  await page.locator(banner).waitFor();
  assert.equal(await page.evaluate(() => kakor.get()), null);
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 503")), [], "only the receiver being down");
  await page.context().close();
});

test("an endpoint on another origin gets no cookies and sets none", async () => {
  const endpoint = `http://127.0.0.1:${front.receiver}/consent/proofs`;
  site.servePage("/safari-cross.html", demo.replace(tag, `<script src="/dist/kakor.js" data-endpoint="${endpoint}">`));
  const page = await site.page();
  await page.goto(`${origin}/safari-cross.html`);
  const answered = page.waitForResponse((r) => r.url() === endpoint && r.request().method() === "POST");
  await page.locator('[data-action="accept-all"]').click();
  const answer = await answered;
  assert.equal(answer.status(), 201);
  assert.equal((await answer.request().allHeaders()).cookie, undefined, "no credentials to another origin");
  assert.equal(await answer.headerValue("set-cookie"), null);
  assert.ok(await kakorCookie(page), "the banner's own cookie");
  await page.context().close();
});
