// The loader (kefu/static/widget/loader.js) is one classic script that runs on customers'
// pages. Here it runs in a node vm with just enough of a DOM: the pre-load stub's calls,
// the queue until the frame is ready, the checked message channel, the page's events.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const LOADER = resolve(dirname(fileURLToPath(import.meta.url)), "../../kefu/static/widget/loader.js");
const SOURCE = readFileSync(LOADER, "utf8");
const ORIGIN = "https://kefu.example";

class FakeElement {
  constructor(tag) {
    this.tagName = tag;
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.style = { setProperty() {} };
    this.dataset = {};
    const classes = new Set();
    this.classList = {
      add: (c) => classes.add(c),
      remove: (c) => classes.delete(c),
      contains: (c) => classes.has(c),
    };
    if (tag === "iframe") {
      this.posted = [];
      this.contentWindow = { postMessage: (message, origin) => this.posted.push({ message, origin }) };
    }
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }

  getAttribute(name) {
    return this.attributes[name];
  }

  appendChild(child) {
    this.children.push(child);
    return child;
  }

  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }

  attachShadow() {
    this.shadowRoot = new FakeElement("#shadow");
    return this.shadowRoot;
  }

  focus() {}

  /** Every element below, depth first. */
  *all() {
    for (const child of this.children) {
      yield child;
      if (child.all) yield* child.all();
    }
    if (this.shadowRoot) yield* this.shadowRoot.all();
  }
}

/** A page with the tag already run; `before(window)` plays the page's own script first. */
function loadPage({ before, data = {}, times = 1 } = {}) {
  const listeners = {};
  const warnings = [];
  const body = new FakeElement("body");
  const window = {
    listeners,
    warnings,
    addEventListener: (type, fn) => (listeners[type] = listeners[type] || []).push(fn),
    sessionStorage: { getItem: () => null, setItem() {}, removeItem() {} },
    navigator: { language: "en-US" },
    location: { href: "https://shop.example/cart", origin: "https://shop.example" },
    console: { warn: (...args) => warnings.push(args), error: (...args) => warnings.push(args) },
    URL,
    JSON,
  };
  window.window = window;
  window.document = {
    currentScript: { src: ORIGIN + "/widget.js", dataset: data },
    readyState: "complete",
    referrer: "",
    body,
    createElement: (tag) => new FakeElement(tag),
    createElementNS: (ns, tag) => new FakeElement(tag),
    querySelectorAll: () => [],
    addEventListener() {},
  };
  const context = vm.createContext(window);
  if (before) vm.runInContext(before, context);
  for (let i = 0; i < times; i++) vm.runInContext(SOURCE, context);
  const elements = () => [...body.all()];
  const iframe = () => elements().find((e) => e.tagName === "iframe");
  const launcher = () => elements().find((e) => e.attributes["data-testid"] === "kefu-launcher");
  const fromFrame = (data, options = {}) => {
    const event = {
      source: options.source || iframe().contentWindow,
      origin: options.origin || ORIGIN,
      data: Object.assign({ kefu: 1 }, data),
    };
    (listeners.message || []).forEach((fn) => fn(event));
  };
  const posted = () => iframe().posted.map((p) => p.message);
  // Plain data back from the page's realm (its arrays are not this realm's).
  const run = (code) => {
    const value = vm.runInContext(code, context);
    return value === undefined ? value : JSON.parse(JSON.stringify(value));
  };
  return { window, context, body, iframe, launcher, fromFrame, posted, run };
}

const STUB = `
  window.Kefu = window.Kefu || {q: []};
  ["open", "close", "toggle", "identify", "setAttributes", "setLocale", "setSkillGroup",
   "reset", "on", "off"].forEach(function (m) {
    Kefu[m] = Kefu[m] || function () { Kefu.q.push([m, [].slice.call(arguments)]); };
  });
  window.stub = window.Kefu;
  window.seen = [];
`;

describe("loader: the pre-load stub", () => {
  it("replays the stub's calls in order, keeps the page's object, and sends frame calls with the config", () => {
    const page = loadPage({
      before: STUB + `
        Kefu.on("ready", function () { seen.push("ready"); });
        Kefu.on("open", function () { seen.push("open"); });
        Kefu.open();
        Kefu.setLocale("zh-CN");
        Kefu.identify({user_id: "42", user_hash: "ab12"});
        Kefu.setAttributes({plan: "pro"});
      `,
    });
    assert.equal(page.run("window.Kefu === window.stub && Kefu.loaded && Kefu.q.length"), 0);
    assert.deepEqual(page.run("seen"), ["open"]);
    assert.equal(page.launcher().attributes["aria-expanded"], "true");
    assert.equal(page.launcher().attributes["aria-label"], "关闭在线客服");
    assert.deepEqual(page.posted(), [], "nothing reaches the frame before it is ready");

    page.fromFrame({ type: "ready" });
    const [config, visibility] = page.posted();
    assert.equal(config.type, "config");
    assert.equal(config.config.locale, "zh-CN");
    assert.deepEqual(JSON.parse(JSON.stringify(config.calls)), [
      ["setLocale", ["zh-CN"]],
      ["identify", [{ user_id: "42", user_hash: "ab12" }]],
      ["setAttributes", [{ plan: "pro" }]],
    ]);
    assert.equal(visibility.type, "visibility");
    assert.equal(visibility.open, true);
    assert.deepEqual(page.run("seen"), ["open", "ready"]);
  });

  it("loads once when the tag is on the page twice", () => {
    const page = loadPage({ times: 2 });
    assert.equal(page.body.children.length, 1);
    assert.equal(page.run("Kefu.loaded"), true);
  });
});

describe("loader: calls and events once the frame is ready", () => {
  function readyPage(options) {
    const page = loadPage(options);
    page.fromFrame({ type: "ready" });
    page.iframe().posted.length = 0;
    return page;
  }

  it("posts calls at once, to the Kefu origin only", () => {
    const page = readyPage();
    page.run('Kefu.setSkillGroup("sales"); Kefu.reset()');
    assert.deepEqual(JSON.parse(JSON.stringify(page.posted())), [
      { type: "api", method: "setSkillGroup", args: ["sales"], kefu: 1 },
      { type: "api", method: "reset", args: [], kefu: 1 },
    ]);
    assert.ok(page.iframe().posted.every((p) => p.origin === ORIGIN));
  });

  it("refuses arguments postMessage cannot carry, with a warning", () => {
    const page = readyPage();
    page.run("var a = {}; a.self = a; Kefu.setAttributes(a)");
    assert.deepEqual(page.posted(), []);
    assert.equal(page.window.warnings.length, 1);
  });

  it("hands the frame's events to the page's handlers; a throwing one breaks nothing", () => {
    const page = readyPage({ before: STUB });
    page.run(`
      Kefu.on("message", function () { throw new Error("page bug"); });
      Kefu.on("message", function (m) { seen.push(["message", m.content]); });
      Kefu.on("unread", function (n) { seen.push(["unread", n]); });
      Kefu.on("close", function () { seen.push(["close"]); });
      Kefu.open();
    `);
    page.fromFrame({ type: "event", name: "message", data: { content: "Hello", sender: { name: "Mei" } } });
    page.fromFrame({ type: "unread", count: 2 });
    page.fromFrame({ type: "unread", count: 2 }); // no change, no event
    page.fromFrame({ type: "close" });
    assert.deepEqual(page.run("seen"), [["message", "Hello"], ["unread", 2], ["close"]]);
    assert.equal(page.launcher().attributes["aria-label"], "Open chat (2 unread)");
    assert.equal(page.window.warnings.length, 1, "the throwing handler was reported");
  });

  it("ignores messages from another origin or window", () => {
    const page = readyPage({ before: STUB });
    page.run('Kefu.on("unread", function (n) { seen.push(n); })');
    page.fromFrame({ type: "unread", count: 3 }, { origin: "https://evil.example" });
    page.fromFrame({ type: "unread", count: 3 }, { source: {} });
    assert.deepEqual(page.run("seen").length, 0);
  });

  it("warns about an error event nobody listens to, else gives it to the listener", () => {
    const page = readyPage({ before: STUB });
    page.fromFrame({ type: "event", name: "error", data: { method: "identify", code: "invalid_user_hash", message: "no" } });
    assert.equal(page.window.warnings.length, 1);
    page.run('Kefu.on("error", function (e) { seen.push(e.code); })');
    page.fromFrame({ type: "event", name: "error", data: { code: "x", message: "y" } });
    assert.deepEqual(page.run("seen"), ["x"]);
    assert.equal(page.window.warnings.length, 1);
  });

  it("calls a late ready handler at once; off() removes a handler", () => {
    const page = readyPage({ before: STUB });
    page.run(`
      Kefu.on("ready", function () { seen.push("late"); });
      function h() { seen.push("opened"); }
      Kefu.on("open", h); Kefu.off("open", h); Kefu.open();
    `);
    assert.deepEqual(page.run("seen"), ["late"]);
  });

  it("speaks Chinese after setLocale, on the launcher and the frame's title", () => {
    const page = readyPage();
    page.fromFrame({ type: "unread", count: 3 });
    page.run('Kefu.setLocale("zh-CN")');
    assert.equal(page.launcher().attributes["aria-label"], "打开在线客服（3 条未读）");
    assert.equal(page.iframe().title, "在线客服");
    page.run('Kefu.setLocale("en")');
    assert.equal(page.launcher().attributes["aria-label"], "Open chat (3 unread)");
    page.run('Kefu.setLocale("zh_CN!")'); // not a language tag: the frame reports it, nothing changes here
    assert.equal(page.launcher().attributes["aria-label"], "Open chat (3 unread)");
    assert.equal(page.iframe().title, "Chat with us");
  });

  it("opens on load with data-open", () => {
    const page = loadPage({ data: { open: "true" } });
    assert.equal(page.launcher().attributes["aria-expanded"], "true");
  });
});

describe("loader: size and syntax", () => {
  it("stays under 8 KB gzipped", () => {
    assert.ok(gzipSync(SOURCE).length < 8192, String(gzipSync(SOURCE).length));
  });

  it("uses ES5 syntax outside comments (it runs on any page)", () => {
    const code = SOURCE.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const pattern of [/=>/, /\blet\s/, /\bconst\s/, /`/, /\.\.\.[\w[]/, /\bclass\s/]) {
      assert.doesNotMatch(code, pattern);
    }
  });
});
