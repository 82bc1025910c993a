/*
 * The Kefu widget app: runs inside the iframe the loader adds to a website
 * (or stand-alone when /widget is opened directly).
 *
 * Reliability rules (see PROTOCOL.md): every message gets a client_id once and
 * keeps it through every resend; acks turn pending messages into stored ones;
 * the highest contiguous seq is tracked and `sync` fills any hole after each
 * (re)connect or when a seq jumps.
 */
(function () {
  "use strict";

  var K = window.KefuCore;
  var $ = function (id) {
    return document.getElementById(id);
  };

  var STRINGS = window.KefuWidgetStrings;

  var STORE_KEY = "kefu.visitor";
  var HISTORY_PAGE = 30;
  var params = new URLSearchParams(location.search);
  var embedded = window.parent !== window;
  var hostOrigin = embedded ? params.get("host") : null;

  var T = STRINGS.en;
  var state = {
    config: null,
    started: null, // the promise of authenticate + connect
    token: null,
    tokenExpiresAt: 0,
    visitorId: null,
    socket: null,
    everConnected: false,
    refusals: 0,
    convId: null,
    conv: null,
    logs: new Map(),
    agentReadSeq: 0,
    seenSeq: 0, // read here: drives the unread badge
    readSent: 0, // told to the server
    panelOpen: !embedded,
    unreadPosted: -1,
    syncing: false,
    syncAgain: false,
    historyPage: 0,
    historyTotal: 0,
    typingSent: 0,
    typingOn: false,
    typingIdle: null,
    agentTypingTimer: null,
    ratingScore: 0,
    connTimer: null,
  };

  var outbox;
  var view;
  var scroller = $("scroller");
  var input = $("input");

  /* ---------- start-up ---------- */

  function boot() {
    if (embedded && hostOrigin) {
      window.addEventListener("message", onParentMessage);
      postToParent({ type: "ready" });
    } else {
      init({
        skill_group: params.get("skill_group") || undefined,
        name: params.get("name") || undefined,
        email: params.get("email") || undefined,
        locale: params.get("locale") || navigator.language,
        page_url: params.get("page_url") || document.referrer || undefined,
      });
    }
  }

  function postToParent(message) {
    if (!embedded || !hostOrigin) return;
    message.kefu = 1;
    window.parent.postMessage(message, hostOrigin);
  }

  function onParentMessage(event) {
    if (event.source !== window.parent || event.origin !== hostOrigin) return;
    var msg = event.data;
    if (!msg || msg.kefu !== 1) return;
    if (msg.type === "config" && !state.config && msg.config && typeof msg.config === "object") {
      init(sanitizeConfig(msg.config));
    } else if (msg.type === "visibility") {
      setPanelOpen(!!msg.open, !!msg.focus);
    }
  }

  function sanitizeConfig(raw) {
    var out = {};
    ["skill_group", "name", "email", "user_id", "user_hash", "locale", "title", "color", "page_url", "referrer"]
      .forEach(function (key) {
        if (typeof raw[key] === "string" && raw[key]) out[key] = raw[key].slice(0, 2048);
      });
    return out;
  }

  function init(config) {
    state.config = config;
    T = /^zh/i.test(config.locale || "") ? STRINGS.zh : STRINGS.en;
    if (config.color && /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(config.color)) {
      document.documentElement.style.setProperty("--kw-accent", config.color);
    }
    document.documentElement.lang = T === STRINGS.zh ? "zh-CN" : "en";
    applyStrings();
    $("minimize").hidden = !embedded;
    $("app").classList.toggle("kw--standalone", !embedded);
    view = createView();
    bindUi();
    outbox = new K.Outbox("kefu.outbox");
    renderPending();
    renderConversation();
    // A returning visitor connects at once (live replies, unread badge); a new one on first use.
    if (readStored() || config.user_id || outbox.entries.length) ensureStarted();
  }

  function createView() {
    return new K.MessageListView($("log"), {
      locale: state.config.locale,
      isMine: function (m) {
        return m.sender.type === "visitor";
      },
      labels: {
        sending: T.sending, sent: T.sent, seen: T.seen, failed: T.failed, retry: T.retry,
        edit: T.edit, remove: T.remove, newConversation: T.newConversation,
      },
      onRetry: function (entry) {
        entry.state = "waiting";
        entry.error = null;
        outbox.save();
        renderPending();
        ensureStarted();
        flushOutbox();
      },
      onEdit: function (entry) {
        outbox.remove(entry.client_id);
        renderPending();
        input.value = entry.content;
        K.autoGrow(input);
        input.focus();
      },
      onRemove: function (entry) {
        outbox.remove(entry.client_id);
        renderPending();
      },
    });
  }

  function applyStrings() {
    $("title").textContent = state.config.title || T.title;
    $("subtitle").textContent = T.subtitleIdle;
    $("welcome-title").textContent = T.welcomeTitle;
    $("welcome-text").textContent = T.welcomeText;
    $("input-label").textContent = T.inputLabel;
    $("send").setAttribute("aria-label", T.send);
    $("minimize").setAttribute("aria-label", T.minimize);
    $("earlier").textContent = T.earlier;
    $("jump").textContent = T.newMessages;
    $("rating-title").textContent = T.ratingTitle;
    $("rating-comment").placeholder = T.ratingComment;
    $("rating-comment-label").textContent = T.ratingCommentLabel;
    $("rating-submit").textContent = T.ratingSubmit;
    $("powered").textContent = T.powered;
    input.placeholder = T.placeholder;
    var stars = $("stars");
    stars.textContent = "";
    T.stars.forEach(function (label, i) {
      var star = K.el("button", "kw-star", "★");
      star.type = "button";
      star.setAttribute("role", "radio");
      star.setAttribute("aria-checked", "false");
      star.setAttribute("aria-label", label);
      star.dataset.score = String(i + 1);
      star.tabIndex = i === 0 ? 0 : -1;
      stars.appendChild(star);
    });
  }

  /* ---------- identity and connection ---------- */

  function readStored() {
    try {
      var raw = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (raw && typeof raw.visitor_id === "string" && typeof raw.visitor_secret === "string") return raw;
    } catch (err) {
      /* unreadable: start fresh */
    }
    return null;
  }

  function writeStored(visitorId, secret) {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ visitor_id: visitorId, visitor_secret: secret }));
    } catch (err) {
      /* storage disabled: this visitor lasts as long as the page */
    }
  }

  function clearStored() {
    try {
      localStorage.removeItem(STORE_KEY);
    } catch (err) {
      /* ignore */
    }
  }

  // The server's field limits: longer values would refuse the whole request.
  var PROFILE_LIMITS = { name: 128, email: 255, locale: 32, page_url: 2048, referrer: 2048 };

  function authBody(useStored, useSkill, useProfile) {
    var c = state.config;
    var body = {};
    if (useProfile) {
      Object.keys(PROFILE_LIMITS).forEach(function (key) {
        if (c[key]) body[key] = c[key].slice(0, PROFILE_LIMITS[key]);
      });
    }
    if (useSkill && c.skill_group) body.skill_group = c.skill_group.slice(0, 64);
    if (c.user_id && c.user_hash) {
      body.user_id = c.user_id;
      body.user_hash = c.user_hash;
    } else if (useStored) {
      var stored = readStored();
      if (stored) {
        body.visitor_id = stored.visitor_id;
        body.visitor_secret = stored.visitor_secret;
      }
    }
    return body;
  }

  async function postAuth(body) {
    var response = await fetch("/api/visitor/auth", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    });
    var data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    return { status: response.status, data: data };
  }

  /** Get a visitor token: resume the stored visitor, else start a new one. */
  async function authenticate() {
    var useStored = true;
    var useSkill = true;
    var useProfile = true;
    for (var attempt = 0; attempt < 5; attempt++) {
      var body = authBody(useStored, useSkill, useProfile);
      var result = await postAuth(body);
      if (result.status === 200 && result.data && result.data.token) {
        var data = result.data;
        if (data.visitor_secret) writeStored(data.visitor_id, data.visitor_secret);
        if (state.visitorId && state.visitorId !== data.visitor_id) resetConversationState();
        state.visitorId = data.visitor_id;
        state.token = data.token;
        state.tokenExpiresAt = Date.now() + (data.expires_in || 3600) * 1000;
        return data.token;
      }
      var code = result.data && result.data.error && result.data.error.code;
      if (result.status === 401 && (body.user_id || body.visitor_id)) {
        // Stale or foreign credentials: an identified user falls back to anonymous.
        if (body.visitor_id) clearStored();
        if (body.user_id) {
          state.config.user_id = undefined;
          state.config.user_hash = undefined;
        }
        useStored = false;
      } else if (code === "unknown_skill_group") {
        useSkill = false;
      } else if (code === "identity_disabled") {
        state.config.user_id = undefined;
        state.config.user_hash = undefined;
      } else if (result.status === 400 && useProfile) {
        // A profile field the server will not take (say, a malformed email): chat without it.
        useProfile = false;
      } else {
        var error = new Error((result.data && result.data.error && result.data.error.message) || "auth failed");
        error.status = result.status;
        throw error;
      }
    }
    throw new Error("Could not authenticate the visitor.");
  }

  function resetConversationState() {
    state.logs = new Map();
    state.convId = null;
    state.conv = null;
    state.seenSeq = 0;
    state.readSent = 0;
    state.agentReadSeq = 0;
    state.historyPage = 0;
    $("log").textContent = "";
    view = createView();
    renderPending();
    renderConversation();
    renderRating();
  }

  var authenticating = null;

  /** A valid visitor token; one auth request at a time, so a new visitor is created once. */
  function freshToken() {
    if (state.token && Date.now() < state.tokenExpiresAt - 60000) return Promise.resolve(state.token);
    if (!authenticating) {
      authenticating = authenticate().finally(function () {
        authenticating = null;
      });
    }
    return authenticating;
  }

  function ensureStarted() {
    if (state.started) return state.started;
    setConn("connecting");
    state.started = (async function loop() {
      var delay = 1000;
      for (;;) {
        try {
          await freshToken();
          connect();
          return;
        } catch (err) {
          setConn("unavailable");
          await new Promise(function (resolve) {
            setTimeout(resolve, delay);
          });
          delay = Math.min(delay * 2, 30000);
        }
      }
    })();
    return state.started;
  }

  function connect() {
    var socket = window.io("/visitor", {
      path: "/socket.io",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000,
      auth: function (cb) {
        freshToken().then(
          function (token) {
            cb({ token: token });
          },
          function () {
            cb({ token: state.token || "" });
          }
        );
      },
    });
    state.socket = socket;

    socket.on("connect", function () {
      state.refusals = 0;
      state.everConnected = true;
      setConn("ok");
      flushOutbox();
      syncNow();
      if (!state.historyPage) loadHistory();
    });

    socket.on("disconnect", function (reason) {
      outbox.requeueInFlight();
      renderPending();
      setAgentTyping(false);
      setConn(navigator.onLine === false ? "offline" : "reconnecting");
      if (reason === "io server disconnect") {
        state.token = null;
        setTimeout(function () {
          socket.connect();
        }, 1000);
      }
    });

    socket.on("connect_error", function (err) {
      setConn(state.everConnected ? (navigator.onLine === false ? "offline" : "reconnecting") : "connecting");
      if (!socket.active) {
        // Refused by the server (expired or unknown token): get a new token, then retry.
        state.token = null;
        state.refusals += 1;
        var delay = Math.min(1000 * Math.pow(2, state.refusals - 1), 30000);
        setTimeout(function () {
          socket.connect();
        }, delay);
      }
    });

    socket.on("message", onMessage);
    socket.on("conversation", applyConversation);
    socket.on("typing", function (data) {
      setAgentTyping(!!(data && data.typing));
    });
    socket.on("read", function (data) {
      if (!data || typeof data.seq !== "number" || !state.convId) return;
      state.agentReadSeq = Math.max(state.agentReadSeq, data.seq);
      view.setReadUpTo(state.convId, state.agentReadSeq);
    });
  }

  function setConn(kind) {
    var banner = $("conn");
    clearTimeout(state.connTimer);
    if (kind === "ok") {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    var text = { connecting: T.connecting, reconnecting: T.reconnecting, offline: T.offline,
      unavailable: T.unavailable }[kind];
    // A short blip does not deserve a banner.
    state.connTimer = setTimeout(function () {
      banner.textContent = text;
      banner.dataset.kind = kind;
      banner.hidden = false;
    }, kind === "connecting" ? 1500 : 800);
  }

  /* ---------- conversation state ---------- */

  function logFor(conversationId) {
    var log = state.logs.get(conversationId);
    if (!log) {
      log = new K.ConversationLog(conversationId);
      state.logs.set(conversationId, log);
    }
    return log;
  }

  function setCurrent(conversationId) {
    if (state.convId === conversationId) return;
    state.convId = conversationId;
    state.agentReadSeq = 0;
    state.seenSeq = 0;
    state.readSent = 0;
    state.ratingScore = 0;
    setAgentTyping(false);
  }

  function applyConversation(conv) {
    if (!conv || typeof conv.id !== "number") return;
    if (state.convId && conv.id < state.convId) return; // an older one; the current is newer
    var isNew = state.convId !== conv.id;
    setCurrent(conv.id);
    var previous = state.conv;
    state.conv = conv;
    state.agentReadSeq = Math.max(state.agentReadSeq, conv.agent_read_seq || 0);
    state.readSent = Math.max(state.readSent, conv.visitor_read_seq || 0);
    state.seenSeq = Math.max(state.seenSeq, state.readSent);
    view.setReadUpTo(conv.id, state.agentReadSeq);
    if (logFor(conv.id).contiguous < (conv.last_seq || 0)) syncNow();
    if (conv.status !== "open" || (previous && previous.agent && conv.agent && previous.agent.id !== conv.agent.id)) {
      setAgentTyping(false);
    }
    if (isNew || !previous || previous.status !== conv.status) renderRating();
    renderConversation();
    updateUnread();
  }

  function onMessage(m) {
    if (!m || typeof m.seq !== "number" || typeof m.conversation_id !== "number") return;
    if (m.sender && m.sender.type === "visitor" && m.client_id && outbox.remove(m.client_id)) renderPending();
    addMessage(m);
    if (m.sender.type !== "visitor") setAgentTyping(false);
    if (!state.convId || m.conversation_id > state.convId) {
      syncNow(); // a conversation we have not heard of: sync names it
    } else if (m.conversation_id === state.convId && logFor(m.conversation_id).hasGap()) {
      syncNow();
    }
  }

  function addMessage(m) {
    var pinned = K.isNearBottom(scroller);
    var log = logFor(m.conversation_id);
    log.add(m);
    if (!view.add(m)) return false;
    $("welcome").hidden = true;
    if (pinned || m.sender.type === "visitor") {
      K.scrollToBottom(scroller);
    } else if (m.sender.type !== "visitor") {
      $("jump").hidden = false;
    }
    updateUnread();
    return true;
  }

  /** Ask for everything after what we hold; coalesces overlapping calls. */
  async function syncNow() {
    if (!state.socket || !state.socket.connected) return;
    if (state.syncing) {
      state.syncAgain = true;
      return;
    }
    state.syncing = true;
    try {
      for (var round = 0; round < 5; round++) {
        state.syncAgain = false;
        var known = state.convId;
        var after = known ? logFor(known).contiguous : 0;
        var ack = await K.emitAck(state.socket, "sync", { after_seq: after }, 10000);
        if (!ack.ok) break;
        if (ack.conversation && ack.conversation.id !== known && after > 0) {
          // The visitor's current conversation changed: fetch it from the start.
          applyConversation(ack.conversation);
          state.syncAgain = true;
          continue;
        }
        (ack.messages || []).forEach(addMessage);
        if (ack.conversation) applyConversation(ack.conversation);
        var current = state.convId && logFor(state.convId);
        if (current && current.hasGap()) state.syncAgain = true;
        if (!state.syncAgain) break;
      }
    } finally {
      state.syncing = false;
    }
    markRead();
  }

  async function loadHistory() {
    if (!state.visitorId || !state.token) return;
    var page = state.historyPage + 1;
    var button = $("earlier");
    button.disabled = true;
    try {
      var url = "/api/messages/history?visitor_id=" + encodeURIComponent(state.visitorId) +
        "&page=" + page + "&per_page=" + HISTORY_PAGE;
      var response = await fetch(url, { headers: { Authorization: "Bearer " + state.token } });
      if (!response.ok) return;
      var body = await response.json();
      var keepOffset = scroller.scrollHeight - scroller.scrollTop;
      (body.data || []).forEach(function (m) {
        logFor(m.conversation_id).add(m);
        view.add(m);
      });
      if ((body.data || []).length) $("welcome").hidden = true;
      state.historyPage = page;
      state.historyTotal = body.total || 0;
      if (page === 1) K.scrollToBottom(scroller);
      else scroller.scrollTop = scroller.scrollHeight - keepOffset;
      button.hidden = page * HISTORY_PAGE >= state.historyTotal;
    } catch (err) {
      /* history is a nicety; the current conversation comes by sync */
    } finally {
      button.disabled = false;
    }
  }

  /* ---------- rendering ---------- */

  function renderConversation() {
    var conv = state.conv;
    var status = conv ? conv.status : null;
    var agentName = conv && conv.agent ? conv.agent.name : null;
    var title = $("title");
    var subtitle = $("subtitle");
    var avatar = $("avatar");
    if (status === "open" && agentName) {
      title.textContent = agentName;
      subtitle.textContent = T.subtitleOpen;
      $("avatar-text").textContent = K.initials(agentName);
      avatar.classList.add("kw-avatar--agent");
      $("presence").hidden = false;
    } else {
      title.textContent = state.config.title || T.title;
      subtitle.textContent = status === "queued" ? T.subtitleQueued :
        status === "closed" ? T.subtitleClosed : T.subtitleIdle;
      $("avatar-text").textContent = "";
      avatar.classList.remove("kw-avatar--agent");
      $("presence").hidden = true;
    }
    var line = $("status");
    var text = "";
    if (status === "queued") {
      text = conv.queue_position ? T.queue(conv.queue_position) : T.queueNoPosition;
      if (typeof conv.estimated_wait_seconds === "number") text += " " + T.wait(conv.estimated_wait_seconds);
    } else if (status === "open" && agentName) {
      text = T.assigned(agentName);
    }
    line.textContent = text;
    line.hidden = !text;
    line.dataset.kind = status || "";
    input.placeholder = status === "closed" ? T.placeholderClosed : T.placeholder;
  }

  function renderPending() {
    if (!view) return;
    view.setPending(outbox.entries);
    if (outbox.entries.length) $("welcome").hidden = true;
  }

  // A visitor who comes back days later is not asked about an old chat.
  var RATING_WINDOW_MS = 24 * 3600 * 1000;

  function renderRating() {
    var conv = state.conv;
    var closedAt = conv && conv.closed_at ? Date.parse(conv.closed_at) : Date.now();
    var closed = !!conv && conv.status === "closed" && Date.now() - closedAt < RATING_WINDOW_MS;
    var thanks = $("rating-thanks");
    $("rating").hidden = !closed || !!conv.rating;
    thanks.hidden = !closed || !conv.rating;
    if (closed && conv.rating) thanks.textContent = T.ratingGiven(conv.rating);
    if (closed && !conv.rating) {
      state.ratingScore = 0;
      paintStars(0);
      $("rating-error").textContent = "";
      var pinned = K.isNearBottom(scroller);
      if (pinned) requestAnimationFrame(function () {
        K.scrollToBottom(scroller);
      });
    }
  }

  function paintStars(score) {
    var stars = $("stars").querySelectorAll(".kw-star");
    stars.forEach(function (star) {
      var value = Number(star.dataset.score);
      star.classList.toggle("kw-star--on", value <= score);
      star.setAttribute("aria-checked", value === score ? "true" : "false");
      star.tabIndex = (score ? value === score : value === 1) ? 0 : -1;
    });
    $("rating-submit").disabled = !score;
  }

  async function submitRating() {
    var conv = state.conv;
    if (!conv || !state.ratingScore) return;
    var button = $("rating-submit");
    button.disabled = true;
    $("rating-error").textContent = "";
    var ack = await K.emitAck(state.socket, "rate", {
      conversation_id: conv.id,
      score: state.ratingScore,
      comment: $("rating-comment").value.trim(),
    }, 10000);
    if (ack.ok) {
      if (state.conv && state.conv.id === conv.id) {
        state.conv = Object.assign({}, state.conv, { rating: state.ratingScore });
      }
      $("rating").hidden = true;
      var thanks = $("rating-thanks");
      thanks.textContent = T.ratingThanks;
      thanks.hidden = false;
    } else {
      $("rating-error").textContent = ack.error.message;
      button.disabled = false;
    }
  }

  function setAgentTyping(on) {
    clearTimeout(state.agentTypingTimer);
    var box = $("typing");
    if (on) {
      var name = state.conv && state.conv.agent ? state.conv.agent.name : null;
      $("typing-text").textContent = T.typing(name);
      var pinned = K.isNearBottom(scroller);
      box.hidden = false;
      if (pinned) K.scrollToBottom(scroller);
      // A lost "stopped typing" must not leave the dots forever.
      state.agentTypingTimer = setTimeout(function () {
        box.hidden = true;
      }, 8000);
    } else {
      box.hidden = true;
    }
  }

  /* ---------- reading and unread ---------- */

  function setPanelOpen(open, focus) {
    state.panelOpen = open;
    if (open) {
      ensureStarted();
      markRead();
      if (focus) input.focus();
      K.scrollToBottom(scroller);
    } else {
      stopTyping();
    }
    updateUnread();
  }

  function canRead() {
    return state.panelOpen && document.visibilityState === "visible";
  }

  /** What the open chat shows counts as read at once; the server hears of it when connected. */
  function markRead() {
    if (!state.convId) return;
    var seq = logFor(state.convId).maxSeq;
    if (canRead() && seq > state.seenSeq) {
      state.seenSeq = seq;
      updateUnread();
    }
    if (state.seenSeq > state.readSent && state.socket && state.socket.connected) {
      state.readSent = state.seenSeq;
      K.emitAck(state.socket, "read", { seq: state.readSent }, 10000);
    }
  }

  function updateUnread() {
    var count = 0;
    if (state.convId) {
      logFor(state.convId).bySeq.forEach(function (m) {
        if (m.sender.type !== "visitor" && m.seq > state.seenSeq) count += 1;
      });
    }
    if (canRead()) {
      markReadSoon();
    }
    if (count !== state.unreadPosted) {
      state.unreadPosted = count;
      postToParent({ type: "unread", count: count });
      if (!embedded) document.title = count ? "(" + count + ") Chat" : "Chat";
    }
  }

  var markReadSoon = K.coalesce(function () {
    markRead();
  }, 300);

  /* ---------- sending ---------- */

  function send() {
    var text = input.value;
    if (!text.trim()) return;
    outbox.add({ content: text });
    input.value = "";
    K.autoGrow(input);
    stopTyping();
    renderPending();
    K.scrollToBottom(scroller);
    ensureStarted();
    flushOutbox();
  }

  function flushOutbox() {
    outbox.flush(state.socket, {
      payload: function (entry) {
        return { client_id: entry.client_id, content: entry.content, type: "text" };
      },
      stored: function (entry, message) {
        renderPending();
        if (!state.convId || message.conversation_id > state.convId) setCurrent(message.conversation_id);
        addMessage(message);
        if (logFor(message.conversation_id).hasGap()) syncNow();
      },
      settled: renderPending,
      retry: flushOutbox,
    });
  }

  function startTyping() {
    var conv = state.conv;
    if (!conv || conv.status === "closed" || !state.socket || !state.socket.connected) return;
    var now = Date.now();
    if (!state.typingOn || now - state.typingSent > 2500) {
      state.typingOn = true;
      state.typingSent = now;
      state.socket.emit("typing", { typing: true });
    }
    clearTimeout(state.typingIdle);
    state.typingIdle = setTimeout(stopTyping, 4000);
  }

  function stopTyping() {
    clearTimeout(state.typingIdle);
    if (!state.typingOn) return;
    state.typingOn = false;
    if (state.socket && state.socket.connected) state.socket.emit("typing", { typing: false });
  }

  /* ---------- UI wiring ---------- */

  function bindUi() {
    if (bindUi.done) return;
    bindUi.done = true;
    $("composer").addEventListener("submit", function (event) {
      event.preventDefault();
      send();
      input.focus();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener("input", function () {
      K.autoGrow(input);
      if (input.value.trim()) startTyping();
      else stopTyping();
    });
    input.addEventListener("focus", function () {
      ensureStarted();
    });
    input.addEventListener("blur", stopTyping);
    $("minimize").addEventListener("click", function () {
      postToParent({ type: "close" });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && embedded) postToParent({ type: "close" });
    });
    $("earlier").addEventListener("click", loadHistory);
    $("jump").addEventListener("click", function () {
      K.scrollToBottom(scroller);
      $("jump").hidden = true;
    });
    scroller.addEventListener("scroll", function () {
      if (K.isNearBottom(scroller)) $("jump").hidden = true;
    });
    var stars = $("stars");
    stars.addEventListener("click", function (event) {
      var star = event.target.closest(".kw-star");
      if (!star) return;
      state.ratingScore = Number(star.dataset.score);
      paintStars(state.ratingScore);
    });
    stars.addEventListener("keydown", function (event) {
      var delta = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
      if (!delta) return;
      event.preventDefault();
      state.ratingScore = Math.min(5, Math.max(1, (state.ratingScore || 0) + delta));
      paintStars(state.ratingScore);
      stars.querySelector('[data-score="' + state.ratingScore + '"]').focus();
    });
    $("rating-submit").addEventListener("click", submitRating);
    document.addEventListener("visibilitychange", function () {
      if (canRead()) markRead();
    });
    window.addEventListener("online", function () {
      if (state.socket && !state.socket.connected) state.socket.connect();
    });
  }

  boot();
})();
