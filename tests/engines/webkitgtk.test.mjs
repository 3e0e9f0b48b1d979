// The smoke flows in WebKitGTK (WebKitWebDriver and MiniBrowser on Xvfb, with selenium-webdriver).
import { webkit } from "./engines.mjs";
import { smoke } from "./smoke.mjs";

smoke(webkit);
