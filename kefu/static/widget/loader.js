/*!
 * Kefu chat widget loader.
 *
 *   <script src="https://kefu.example/widget.js" async
 *           data-skill-group="sales" data-name="Jane Doe" data-email="jane@example.com"
 *           data-user-id="42" data-user-hash="<hex HMAC-SHA256 of user id>"
 *           data-locale="en" data-color="#2563eb" data-position="right"></script>
 *
 * Adds a launcher button (in a shadow root, so the page's CSS cannot touch it)
 * and the chat itself in an iframe served by Kefu. The configuration reaches
 * the iframe by postMessage, checked on both sides by origin and window.
 *
 * window.Kefu (docs/widget.md, "JavaScript API"): open, close, toggle, identify,
 * setAttributes, setLocale, setSkillGroup, reset, on, off. Calls made before
 * the frame is ready wait here and go with its configuration, in order; calls
 * a page queued in a stub (window.Kefu = {q: [[method, args], ...]}) before
 * this script ran are replayed first.
 */
(function () {
  "use strict";

  var stub = window.Kefu;
  if (stub && stub.loaded) return;

  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src*="/widget.js"]');
    script = candidates[candidates.length - 1];
  }
  if (!script || !script.src) return;

  var ORIGIN = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var HEX = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
  // The page's own data-color / data-position win; else the admin's settings, which the
  // frame reports ("look") once it has them, and again whenever an admin changes them.
  var color = HEX.test(data.color || "") ? data.color : "#2563eb";
  var side = data.position === "left" || data.position === "right" ? data.position : undefined;
  var OPEN_KEY = "kefu:open";
  var NS = "http://www.w3.org/2000/svg";
  // The launcher's words, in the two languages of the widget (i18n.js has the frame's).
  var WORDS = {
    en: ["Open chat", "Close chat", "Chat", "Chat with us", " (# unread)", "New message", "Sent a file", "Dismiss"],
    zh: ["打开在线客服", "关闭在线客服", "在线客服", "在线客服", "（# 条未读）", "新消息", "发送了一个文件", "关闭提示"],
  };
  var FRAME_CALLS = ["identify", "setAttributes", "setLocale", "setSkillGroup", "reset"];

  function pick(value) {
    return value === undefined || value === null || value === "" ? undefined : String(value);
  }

  var config = {
    skill_group: pick(data.skillGroup),
    name: pick(data.name),
    email: pick(data.email),
    user_id: pick(data.userId),
    user_hash: pick(data.userHash),
    locale: pick(data.locale) || navigator.language || undefined,
    title: pick(data.title),
    color: HEX.test(data.color || "") ? data.color : undefined,
    position: side,
    page_url: location.href,
    referrer: document.referrer || undefined,
  };

  var CSS = [
    ":host{all:initial;}",
    "*{box-sizing:border-box;}",
    ".launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;",
    "width:56px;height:56px;border-radius:50%;border:0;padding:0;cursor:pointer;",
    "background:var(--kefu-color);color:#fff;display:flex;align-items:center;justify-content:center;",
    "box-shadow:0 6px 20px rgba(15,23,42,.25),0 2px 6px rgba(15,23,42,.15);",
    "transition:transform .18s ease,box-shadow .18s ease;-webkit-tap-highlight-color:transparent;}",
    ".launcher:hover{transform:scale(1.05);box-shadow:0 8px 26px rgba(15,23,42,.3);}",
    ".launcher:focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px var(--kefu-color);}",
    ".launcher svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;",
    "stroke-linecap:round;stroke-linejoin:round;}",
    ".launcher .icon-close{display:none;}",
    ".launcher[aria-expanded=true] .icon-chat{display:none;}",
    ".launcher[aria-expanded=true] .icon-close{display:block;}",
    ".badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;",
    "padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;border:2px solid #fff;",
    "font:700 12px/18px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-align:center;}",
    ".badge[hidden]{display:none;}",
    ".preview{position:fixed;bottom:88px;right:20px;z-index:2147483000;max-width:280px;",
    "padding:12px 32px 12px 14px;border-radius:14px;background:#fff;color:#0f172a;cursor:pointer;",
    "box-shadow:0 8px 28px rgba(15,23,42,.22);font:14px/1.4 system-ui,-apple-system,'Segoe UI',",
    "Roboto,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;text-align:left;border:0;",
    "text-wrap:pretty;}",
    ".preview[hidden]{display:none;}",
    ".preview b{display:block;font-size:12px;color:#475569;margin-bottom:2px;}",
    ".preview .x{position:absolute;top:4px;right:4px;width:24px;height:24px;border:0;",
    "border-radius:50%;background:transparent;color:#64748b;font:16px/24px sans-serif;cursor:pointer;}",
    ".left .preview{left:20px;right:auto;}",
    ".panel{position:fixed;bottom:88px;right:20px;z-index:2147483000;",
    "width:376px;height:min(640px,calc(100vh - 108px));border-radius:16px;overflow:hidden;",
    "background:#fff;box-shadow:0 12px 48px rgba(15,23,42,.28),0 2px 8px rgba(15,23,42,.12);",
    "opacity:0;visibility:hidden;transform:translateY(12px) scale(.98);",
    "transform-origin:bottom right;",
    "transition:opacity .18s ease,transform .18s ease,visibility 0s linear .18s;}",
    ".panel.open{opacity:1;visibility:visible;transform:none;transition:opacity .18s ease,transform .18s ease;}",
    ".left .launcher,.left .panel{left:20px;right:auto;}",
    ".left .badge{left:-4px;right:auto;}",
    ".left .panel{transform-origin:bottom left;}",
    ".panel iframe{display:block;width:100%;height:100%;border:0;background:#fff;color-scheme:normal;}",
    "@media (max-width:480px){",
    ".panel,.left .panel{inset:0;width:100%;height:100%;height:100dvh;border-radius:0;bottom:0;left:0;right:0;}",
    ".launcher[aria-expanded=true]{display:none;}}",
    "@media (prefers-reduced-motion:reduce){.panel,.panel.open,.launcher{transition:none;}}",
  ].join("");

  var host, root, box, launcher, badge, panel, iframe, preview, previewClose, frameReady = false;
  var isOpen = false;
  var focusOnReady = false; // opened by the visitor before the iframe was ready
  var unread = 0;
  var calls = []; // the page's calls for the frame, until it is ready: [method, args]
  var handlers = Object.create(null); // event name -> the page's functions
  var readyFired = false;

  // A new agent message while the chat is closed or the tab hidden: a chime, the tab's
  // title flashing and a preview beside the launcher. The chime needs an AudioContext made
  // on the visitor's first gesture on the page (autoplay rules); data-sound="off" mutes it.
  var audio = null;
  var chimes = 0;
  var flashing = null; // the interval of the title flash
  var pageTitle = document.title;

  function arm() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (audio || !Context || data.sound === "off") return;
    try {
      audio = new Context();
    } catch (err) {
      audio = null;
    }
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, arm, { capture: true, passive: true });
  });

  function chime() {
    if (!audio) return;
    try {
      audio.resume();
      var at = audio.currentTime;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.setValueAtTime(880, at);
      tone.frequency.setValueAtTime(1320, at + 0.12);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.42);
      chimes += 1;
      host.setAttribute("data-chimes", String(chimes)); // observable by tests
    } catch (err) {
      /* no sound: the badge and the preview still tell */
    }
  }

  function flashTitle() {
    if (flashing || !document.hidden) return;
    pageTitle = document.title;
    var on = false;
    flashing = setInterval(function () {
      on = !on;
      document.title = on ? "(" + Math.max(unread, 1) + ") " + words()[5] : pageTitle;
    }, 1000);
  }

  function stopFlash() {
    if (!flashing) return;
    clearInterval(flashing);
    flashing = null;
    document.title = pageTitle;
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) stopFlash(); // the visitor is back: the badge and preview tell the rest
  });

  function showPreview(message) {
    var w = words();
    var text = message.content || (message.type === "text" ? "" : w[6]);
    preview.firstChild.textContent = message.sender && message.sender.name ? message.sender.name : w[5];
    preview.childNodes[1].textContent = text.length > 90 ? text.slice(0, 90) + "…" : text;
    preview.hidden = false;
  }

  function alertVisitor(message) {
    if (isOpen && !document.hidden) return;
    chime();
    flashTitle();
    if (!isOpen) showPreview(message);
  }

  // On a phone whose page has no `width=device-width` viewport, the page is laid out 980px
  // wide and zoomed out, and the chat would be a tiny box: while it is open the loader
  // gives the page that viewport (so the chat fills the screen at a readable size) and
  // puts the page's own back on close.
  var phoneViewport = null; // {meta, content, made} while changed

  function fitPhone(opening) {
    if (!opening) {
      if (!phoneViewport) return;
      // Browsers follow a changed content but not a removed tag: empty it, then remove it.
      phoneViewport.meta.setAttribute("content", phoneViewport.content);
      if (phoneViewport.made) phoneViewport.meta.remove();
      phoneViewport = null;
      return;
    }
    if (phoneViewport || !window.screen || Math.min(screen.width, screen.height) > 480) return;
    var meta = document.querySelector('meta[name="viewport"]');
    if (meta && /device-width/.test(meta.content)) return;
    phoneViewport = { meta: meta, content: meta ? meta.getAttribute("content") : "", made: !meta };
    if (!meta) {
      meta = phoneViewport.meta = document.createElement("meta");
      meta.name = "viewport";
      document.head.appendChild(meta);
    }
    meta.setAttribute("content", "width=device-width, initial-scale=1");
  }

  function words() {
    return WORDS[/^zh/i.test(config.locale || "") ? "zh" : "en"];
  }

  function warn(text, detail) {
    if (window.console && console.warn) console.warn("Kefu: " + text, detail === undefined ? "" : detail);
  }

  /** Call the page's handlers of `name`; one that throws is reported, the widget goes on. */
  function emit(name, data) {
    var list = (handlers[name] || []).slice();
    for (var i = 0; i < list.length; i++) run(list[i], data);
    return list.length;
  }

  function run(fn, data) {
    try {
      fn(data);
    } catch (err) {
      warn("an event handler failed", err);
    }
  }

  function on(name, fn) {
    if (typeof name !== "string" || typeof fn !== "function") return;
    (handlers[name] = handlers[name] || []).push(fn);
    if (name === "ready" && readyFired) run(fn); // late to it: it happened already
  }

  function off(name, fn) {
    var list = handlers[name] || [];
    for (var i = list.length - 1; i >= 0; i--) if (!fn || list[i] === fn) list.splice(i, 1);
  }

  /** A call the frame carries out: now, or with its configuration once it is ready. */
  function call(method, args) {
    try {
      args = JSON.parse(JSON.stringify(args)); // plain data only: postMessage cannot carry functions
    } catch (err) {
      warn(method + "() takes plain data", err);
      return;
    }
    if (frameReady) post({ type: "api", method: method, args: args });
    else calls.push([method, args]);
  }

  function setLocale(locale) {
    if (typeof locale === "string" && locale.length <= 32 && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(locale)) {
      config.locale = locale;
      if (launcher) {
        panel.setAttribute("aria-label", config.title || words()[2]);
        if (iframe) iframe.title = config.title || words()[3];
        previewClose.setAttribute("aria-label", words()[7]);
        updateLauncherLabel();
      }
    }
    call("setLocale", [locale]);
  }

  function svg(className, paths) {
    var icon = document.createElementNS(NS, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    icon.setAttribute("class", className);
    paths.forEach(function (d) {
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", d);
      icon.appendChild(path);
    });
    return icon;
  }

  function applyStyles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (err) {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }
  }

  function build() {
    host = document.createElement("div");
    host.id = "kefu-widget";
    root = host.attachShadow({ mode: "open" });
    applyStyles();

    launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.setAttribute("data-testid", "kefu-launcher");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "kefu-panel");
    launcher.appendChild(svg("icon-chat", ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z",
      "M8.5 12h.01", "M12 12h.01", "M15.5 12h.01"]));
    launcher.appendChild(svg("icon-close", ["M6 6l12 12", "M18 6L6 18"]));
    badge = document.createElement("span");
    badge.className = "badge";
    badge.setAttribute("data-testid", "kefu-unread");
    badge.hidden = true;
    badge.setAttribute("aria-hidden", "true");
    launcher.appendChild(badge);
    launcher.addEventListener("click", toggle);

    preview = document.createElement("div");
    preview.className = "preview";
    preview.setAttribute("data-testid", "kefu-preview");
    preview.setAttribute("role", "status");
    preview.hidden = true;
    preview.appendChild(document.createElement("b"));
    preview.appendChild(document.createElement("span"));
    previewClose = document.createElement("button");
    previewClose.type = "button";
    previewClose.className = "x";
    previewClose.textContent = "×";
    previewClose.setAttribute("aria-label", words()[7]);
    previewClose.addEventListener("click", function (event) {
      event.stopPropagation();
      preview.hidden = true;
    });
    preview.appendChild(previewClose);
    preview.addEventListener("click", function () {
      open(true);
    });

    panel = document.createElement("div");
    panel.className = "panel";
    panel.id = "kefu-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", config.title || words()[2]);

    box = document.createElement("div");
    box.appendChild(panel);
    box.appendChild(preview);
    box.appendChild(launcher);
    root.appendChild(box);
    setLook(color, side || "right");
    render();
    document.body.appendChild(host);

    // The iframe waits for the page's load event (unless the chat is open), so it never
    // delays the host site.
    if (document.readyState === "complete" || isOpen) ensureFrame();
    else window.addEventListener("load", ensureFrame);
    var reopen = data.open === "true";
    try {
      reopen = reopen || sessionStorage.getItem(OPEN_KEY) === "1";
    } catch (err) {
      /* storage disabled */
    }
    if (reopen && !isOpen) open(false);
  }

  function ensureFrame() {
    if (iframe) return;
    iframe = document.createElement("iframe");
    iframe.title = config.title || words()[3];
    iframe.setAttribute("data-testid", "kefu-frame");
    iframe.src = ORIGIN + "/widget?host=" + encodeURIComponent(location.origin);
    iframe.setAttribute("allow", "clipboard-write");
    panel.appendChild(iframe);
  }

  /** To the frame once it is ready. Before, only visibility is posted, and it is dropped:
   * the state at "ready" is sent then; the page's calls wait in `calls`. */
  function post(message) {
    if (!iframe || !iframe.contentWindow || !frameReady) return;
    message.kefu = 1;
    iframe.contentWindow.postMessage(message, ORIGIN);
  }

  function setLook(newColor, position) {
    host.style.setProperty("--kefu-color", newColor);
    box.className = position === "left" ? "left" : "";
  }

  function updateLauncherLabel() {
    var w = words();
    var label = isOpen ? w[1] : w[0];
    if (!isOpen && unread > 0) label += w[4].replace("#", unread);
    launcher.setAttribute("aria-label", label);
    badge.hidden = isOpen || unread === 0;
    badge.textContent = unread > 99 ? "99+" : String(unread);
  }

  function remember(value) {
    try {
      if (value) sessionStorage.setItem(OPEN_KEY, "1");
      else sessionStorage.removeItem(OPEN_KEY);
    } catch (err) {
      /* storage disabled */
    }
  }

  /** Draw isOpen (once built: before, build() draws it). */
  function render() {
    if (!launcher) return;
    if (isOpen) panel.classList.add("open");
    else panel.classList.remove("open");
    launcher.setAttribute("aria-expanded", isOpen ? "true" : "false");
    updateLauncherLabel();
  }

  function open(focus) {
    var was = isOpen;
    isOpen = true;
    if (preview) preview.hidden = true;
    stopFlash();
    fitPhone(true);
    if (panel) ensureFrame();
    render();
    remember(true);
    focusOnReady = focus !== false && !frameReady;
    post({ type: "visibility", open: true, focus: focus !== false });
    if (!was) emit("open");
  }

  function close(returnFocus) {
    var was = isOpen;
    isOpen = false;
    fitPhone(false);
    render();
    remember(false);
    post({ type: "visibility", open: false });
    if (returnFocus && launcher) launcher.focus();
    if (was) emit("close");
  }

  function toggle() {
    if (isOpen) close(false);
    else open(true);
  }

  window.addEventListener("message", function (event) {
    if (!iframe || event.source !== iframe.contentWindow || event.origin !== ORIGIN) return;
    var msg = event.data;
    if (!msg || msg.kefu !== 1 || typeof msg.type !== "string") return;
    if (msg.type === "ready") {
      frameReady = true;
      post({ type: "config", config: config, calls: calls });
      calls = [];
      post({ type: "visibility", open: isOpen, focus: isOpen && focusOnReady });
      focusOnReady = false;
      if (!readyFired) {
        readyFired = true;
        emit("ready");
      }
    } else if (msg.type === "look") {
      var lookColor = HEX.test(msg.color || "") ? msg.color : color;
      setLook(lookColor, side || (msg.position === "left" ? "left" : "right"));
    } else if (msg.type === "unread") {
      var count = Math.max(0, parseInt(msg.count, 10) || 0);
      if (count === unread) return;
      unread = count;
      updateLauncherLabel();
      emit("unread", unread);
    } else if (msg.type === "event" && (msg.name === "message" || msg.name === "error")) {
      if (msg.name === "message" && msg.data) alertVisitor(msg.data);
      if (!emit(msg.name, msg.data) && msg.name === "error") warn(msg.data && msg.data.message, msg.data);
    } else if (msg.type === "close") {
      close(true);
    } else if (msg.type === "open") {
      open(false);
    }
  });

  // The page's stub object, if it made one, becomes the API: references to it keep working.
  var api = stub && typeof stub === "object" ? stub : {};
  var queued = api.q && api.q.length ? api.q.slice() : [];
  api.loaded = true;
  api.q = [];
  api.open = function () {
    open(true);
  };
  api.close = function () {
    close(false);
  };
  api.toggle = function () {
    toggle();
  };
  api.on = on;
  api.off = off;
  api.setLocale = setLocale;
  FRAME_CALLS.forEach(function (method) {
    if (method !== "setLocale") {
      api[method] = function () {
        call(method, [].slice.call(arguments));
      };
    }
  });
  window.Kefu = api;
  queued.forEach(function (item) {
    var fn = item && api[item[0]];
    if (typeof fn !== "function" || item[0] === "loaded") return;
    try {
      fn.apply(api, item[1] || []);
    } catch (err) {
      warn("a queued call failed", err);
    }
  });

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
