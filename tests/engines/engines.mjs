// The two engines besides Chromium that the smoke suite drives, behind one
// small interface so each flow is written once: Debian's Firefox ESR through
// puppeteer-core over WebDriver BiDi, and WebKitGTK through its own
// WebDriver (WebKitWebDriver starting MiniBrowser on an Xvfb display) with
// selenium-webdriver. Neither downloads a browser: both use Debian's.
//
// An engine has `start()`, `stop()` and `context()`; a context (no cookies,
// no storage) has `page()` for its first tab, `newTab()`, `cookies()` and
// `close()`; a page has `goto(url)`, `eval(fn, ...args)` (the function runs
// in the page; a promise it returns is awaited), `click(selector)` on an
// element of kakor's shadow root and `press(key)` ("Tab", "Enter", "Space",
// "Escape"). Clicks and keys go through the driver as a visitor's would.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import puppeteer from "puppeteer-core";
import { Builder, By, Key } from "selenium-webdriver";

/** How long a driver may look for an element before a click fails. */
const FIND_MS = 10_000;

export const firefox = {
  name: "Firefox ESR",
  async start() {
    this.browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
      headless: true,
    });
    this.version = await this.browser.version();
  },
  async stop() {
    await this.browser?.close();
  },
  async context() {
    const context = await this.browser.createBrowserContext();
    const wrap = (page) => ({
      goto: (url) => page.goto(url),
      eval: (fn, ...args) => page.evaluate(fn, ...args),
      async click(selector) {
        // pierce/ looks into open shadow roots; the click is a real one
        // (BiDi input actions at the element's centre).
        const element = await page.waitForSelector(`pierce/${selector}`, { visible: true, timeout: FIND_MS });
        await element.click();
        await element.dispose();
      },
      // Over BiDi, puppeteer names the space bar by its character.
      press: (key) => page.keyboard.press(key === "Space" ? " " : key),
    });
    return {
      page: async () => wrap(await context.newPage()),
      newTab: async () => wrap(await context.newPage()),
      cookies: () => context.cookies(),
      close: () => context.close(),
    };
  },
};

/** A free TCP port on loopback (for WebKitWebDriver, which needs one named). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Starts `command`, failing with its name and exit status if it dies early. */
function launch(command, args, options) {
  const child = spawn(command, args, options);
  child.failed = new Promise((_, reject) => {
    child.once("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.once("exit", (code, signal) => reject(new Error(`${command} exited (${signal ?? code})`)));
  });
  child.failed.catch(() => {});
  // Not left behind if the test process ends without stop().
  process.once("exit", () => child.kill());
  return child;
}

const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Space: Key.SPACE, Escape: Key.ESCAPE };

export const webkit = {
  name: "WebKitGTK",
  async start() {
    // Xvfb picks a free display itself and writes its number to fd 3.
    this.xvfb = launch("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "ignore", "inherit", "pipe"],
    });
    const display = await Promise.race([
      new Promise((resolve) => this.xvfb.stdio[3].once("data", (data) => resolve(`:${String(data).trim()}`))),
      this.xvfb.failed,
    ]);
    const port = await freePort();
    this.driver = launch(process.env.WEBKIT_DRIVER ?? "WebKitWebDriver", [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: ["ignore", "ignore", "inherit"],
    });
    this.server = `http://127.0.0.1:${port}`;
    // Ready when its /status answers.
    for (let tries = 0; ; tries++) {
      const status = await fetch(`${this.server}/status`).then((r) => r.json(), () => null);
      if (status?.value?.ready) break;
      if (tries === 100) throw new Error(`WebKitWebDriver did not answer on ${this.server}/status`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), this.driver.failed]);
    }
    const probe = await this.session();
    this.version = `MiniBrowser/${(await probe.getCapabilities()).get("browserVersion")}`;
    await probe.quit();
  },
  async stop() {
    this.driver?.kill();
    this.xvfb?.kill();
  },
  /** A new session: a fresh MiniBrowser, whose automation profile is ephemeral. */
  session() {
    return new Builder()
      .usingServer(this.server)
      .withCapabilities({ browserName: "MiniBrowser", "webkitgtk:browserOptions": { args: ["--automation"] } })
      .build();
  },
  async context() {
    const driver = await this.session();
    let current = await driver.getWindowHandle();
    const wrap = (handle) => {
      // One session drives every tab: commands go to the window in front.
      const front = async () => {
        if (current !== handle) await driver.switchTo().window(handle);
        current = handle;
      };
      return {
        async goto(url) {
          await front();
          await driver.get(url);
        },
        async eval(fn, ...args) {
          await front();
          return driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
        },
        async click(selector) {
          await front();
          const element = await driver.wait(async () => {
            try {
              const root = await driver.findElement(By.id("kakor")).getShadowRoot();
              const found = await root.findElement(By.css(selector));
              return (await found.isDisplayed()) && found;
            } catch {
              return false;
            }
          }, FIND_MS, `no ${selector} shown in kakor's shadow root`);
          await element.click();
        },
        async press(key) {
          await front();
          await driver.actions().sendKeys(KEYS[key]).perform();
        },
      };
    };
    return {
      page: async () => wrap(current),
      async newTab() {
        await driver.switchTo().newWindow("tab");
        current = await driver.getWindowHandle();
        return wrap(current);
      },
      cookies: () => driver.manage().getCookies(),
      close: () => driver.quit(),
    };
  },
};
