// The smoke flows in Debian's Firefox ESR (puppeteer-core over WebDriver BiDi).
import { firefox } from "./engines.mjs";
import { smoke } from "./smoke.mjs";

smoke(firefox);
