/*
 * The Kefu agent dashboard: sign in, the queue, my conversations, one chat
 * pane, visitor details, transfer and close. Plain JS modules, no build step.
 *
 * The server is the record: every conversation keeps a message log keyed by
 * seq, and `sync` (after the highest contiguous seq held) runs whenever a
 * conversation appears, after every reconnect, and when a seq jumps. An event
 * can still be lost between the database and this socket (a worker killed
 * after storing, before emitting), so a connected dashboard also re-reads its
 * conversations, their messages and the queue every `data-reconcile-seconds`
 * (KEFU_DASHBOARD_RECONCILE_SECONDS), and when its tab comes back into view.
 */

import * as Session from "./session.js";
import {
  KeyedList,
  buildMineItem,
  buildQueueItem,
  fillMineItem,
  fillQueueItem,
  pageLabel,
  renderDetails,
  toast,
  visitorName,
} from "./views.js";

var api = Session.api;

var K = window.KefuCore;
var $ = function (id) {
  return document.getElementById(id);
};

var STATUS_KEY = "kefu.agent.status";

var me = null;
var socket = null;
var refusals = 0;
var everConnected = false;
var desiredStatus = "online";

var convs = new Map(); // id -> entry (mine, or recently mine)
var queue = [];
var queueWaiting = 0;
var queuePreviews = new Map(); // conversation id -> {seq, text}: what a waiting visitor wrote
var previewsLoading = false;
var previewsAgain = false;
var selected = null; // {kind: "mine" | "queue", id}
var preview = null; // {id, conv, log, view, container} for a queued conversation
var agents = new Map();
var skillGroups = new Set();
var outbox = new K.Outbox("kefu.agent.outbox");
var typingState = { id: null, on: false, sent: 0, idle: null };
var RECONCILE_MS = 1000 * (Number(document.body.dataset.reconcileSeconds) || 0);
var reconcileTimer = null;
// Bumped by every conversation or queue event: a listing read meanwhile may be older.
var listingEvents = 0;

/* ================= sign in / out ================= */

function showLogin(info) {
  $("app-view").hidden = true;
  $("login-view").hidden = false;
  $("login-info").textContent = info || "";
  $("login-error").textContent = "";
  document.title = "Kefu · Sign in";
  var email = $("login-email");
  if (!email.value) email.focus();
  else $("login-password").focus();
}

async function onLoginSubmit(event) {
  event.preventDefault();
  var email = $("login-email").value.trim();
  var password = $("login-password").value;
  var error = $("login-error");
  error.textContent = "";
  if (!email || !password) {
    error.textContent = "Enter your email and password.";
    return;
  }
  var button = $("login-submit");
  button.disabled = true;
  button.textContent = "Signing in…";
  var result = await Session.login(email, password);
  button.disabled = false;
  button.textContent = "Sign in";
  if (!result.ok) {
    error.textContent = result.error;
    $("login-password").select();
    return;
  }
  $("login-password").value = "";
  start();
}

function signOut(info) {
  Session.end();
  clearTimeout(reconcileTimer);
  if (socket) {
    socket.removeAllListeners();
    socket.disconnect();
    socket = null;
  }
  me = null;
  convs.clear();
  queue = [];
  queueWaiting = 0;
  queuePreviews.clear();
  agents.clear();
  skillGroups.clear();
  selected = null;
  preview = null;
  outbox.entries = [];
  outbox.save();
  $("messages").textContent = "";
  showLogin(info);
}

/* ================= start-up ================= */

function start() {
  me = Session.current().agent;
  everConnected = false;
  refusals = 0;
  try {
    desiredStatus = sessionStorage.getItem(STATUS_KEY) === "away" ? "away" : "online";
  } catch (err) {
    desiredStatus = "online";
  }
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  renderMe();
  renderAll();
  api("GET", "/api/me").then(function (res) {
    if (res.ok && res.data) {
      me = res.data;
      Session.rememberAgent(me);
      renderMe();
      loadDirectory();
    }
  });
  connect();
}

function loadDirectory() {
  (me.skills || []).forEach(function (s) {
    skillGroups.add(s);
  });
  if (me.role !== "admin") return;
  api("GET", "/api/agents").then(function (res) {
    if (!res.ok) return;
    (res.data.data || []).forEach(function (a) {
      agents.set(a.id, a);
    });
  });
  api("GET", "/api/skill-groups").then(function (res) {
    if (!res.ok) return;
    (res.data.data || []).forEach(function (g) {
      skillGroups.add(g.name);
    });
  });
}

function connect() {
  socket = window.io("/agent", {
    path: "/socket.io",
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    auth: function (cb) {
      Session.accessToken().then(function (token) {
        // Reconnecting during a break stays away: no chat is routed in between.
        cb({ token: token, status: desiredStatus });
      });
    },
  });

  socket.on("connect", onConnect);
  socket.on("disconnect", function (reason) {
    outbox.requeueInFlight();
    setConn(navigator.onLine === false ? "offline" : "reconnecting");
    convs.forEach(function (entry) {
      entry.visitorTyping = false;
    });
    renderAll();
    if (reason === "io server disconnect") {
      setTimeout(function () {
        if (socket) socket.connect();
      }, 1000);
    }
  });
  socket.on("connect_error", function () {
    setConn(everConnected ? "reconnecting" : "connecting");
    if (socket && !socket.active) {
      // Refused by the server: most likely an expired access token.
      refusals += 1;
      var delay = Math.min(500 * Math.pow(2, refusals - 1), 15000);
      Session.refresh().then(
        function (ok) {
          if (ok && socket) setTimeout(function () {
            if (socket) socket.connect();
          }, delay);
        },
        function () {
          setTimeout(function () {
            if (socket) socket.connect();
          }, delay);
        }
      );
    }
  });

  socket.on("conversation", onConversationEvent);
  socket.on("message", onMessageEvent);
  socket.on("queue", onQueueEvent);
  socket.on("typing", onTypingEvent);
  socket.on("read", onReadEvent);
  socket.on("agent", onAgentEvent);
}

async function onConnect() {
  refusals = 0;
  everConnected = true;
  setConn("ok");
  if (desiredStatus === "away") {
    // Connecting makes an agent online; keep the away they chose.
    var ack = await K.emitAck(socket, "status", { status: "away" }, 10000);
    if (ack.ok) setMe(ack.agent);
  }
  await Promise.all([loadMine(), loadQueue()]);
  flushOutbox();
  sendReads();
  scheduleReconcile();
}

function scheduleReconcile() {
  clearTimeout(reconcileTimer);
  if (RECONCILE_MS > 0) reconcileTimer = setTimeout(reconcile, RECONCILE_MS);
}

async function reconcile() {
  try {
    if (socket && socket.connected) await Promise.all([loadMine(), loadQueue()]);
  } finally {
    if (socket) scheduleReconcile();
  }
}

document.addEventListener("visibilitychange", function () {
  if (document.visibilityState === "visible" && RECONCILE_MS > 0 && socket) reconcile();
});

// A listing read while a conversation or queue event arrived may be older than that
// event; read it again (twice at most) so a stale listing never undoes an event.
async function freshListing(path) {
  for (var attempt = 0; ; attempt++) {
    var before = listingEvents;
    var res = await api("GET", path);
    if (!res.ok || before === listingEvents || attempt === 2) return res;
  }
}

async function loadMine() {
  var res = await freshListing("/api/conversations?status=open&mine=1&per_page=100");
  if (!res.ok) return;
  var seen = new Set();
  (res.data.data || []).forEach(function (conv) {
    seen.add(conv.id);
    upsertMine(conv);
  });
  // Anything we held as open but the server no longer lists ended while we were away.
  var stale = [];
  convs.forEach(function (entry) {
    if (!entry.ended && !seen.has(entry.id)) stale.push(entry);
  });
  await Promise.all(stale.map(function (entry) {
    return api("GET", "/api/conversations/" + entry.id).then(function (r) {
      if (r.ok) onConversationEvent(r.data);
    });
  }));
  convs.forEach(function (entry) {
    syncEntry(entry);
  });
  renderAll();
}

async function loadQueue() {
  var res = await freshListing("/api/conversations?status=queued&per_page=100");
  if (!res.ok) return;
  setQueue(res.data.data || [], res.data.total || 0);
}

/* ================= state changes ================= */

function newEntry(conv) {
  var container = K.el("div", "thread");
  var entry = {
    id: conv.id,
    conv: conv,
    log: new K.ConversationLog(conv.id),
    container: container,
    view: null,
    seenSeq: conv.agent_read_seq || 0, // read here (drives the unread count)
    readSent: conv.agent_read_seq || 0, // told to the server
    visitorTyping: false,
    typingTimer: null,
    ended: null,
    draft: "",
    scrollTop: null,
    syncing: false,
    syncAgain: false,
    lastActivity: Date.parse(conv.assigned_at || conv.created_at) || Date.now(),
  };
  entry.view = new K.MessageListView(container, {
    isMine: function (m) {
      return m.sender.type === "agent";
    },
    labels: { newConversation: "Earlier conversation" },
    onRetry: function (item) {
      item.state = "waiting";
      item.error = null;
      outbox.save();
      renderPendingFor(entry);
      flushOutbox();
    },
    onEdit: function (item) {
      outbox.remove(item.client_id);
      renderPendingFor(entry);
      var input = $("reply-input");
      input.value = item.content;
      K.autoGrow(input);
      input.focus();
    },
    onRemove: function (item) {
      outbox.remove(item.client_id);
      renderPendingFor(entry);
    },
  });
  entry.view.setReadUpTo(conv.id, conv.visitor_read_seq || 0);
  convs.set(conv.id, entry);
  renderPendingFor(entry);
  return entry;
}

function upsertMine(conv) {
  var entry = convs.get(conv.id);
  if (!entry) {
    entry = newEntry(conv);
  } else {
    entry.conv = conv;
    entry.ended = null;
  }
  entry.readSent = Math.max(entry.readSent, conv.agent_read_seq || 0);
  entry.seenSeq = Math.max(entry.seenSeq, entry.readSent);
  entry.view.setReadUpTo(conv.id, conv.visitor_read_seq || 0);
  if (conv.skill_group) skillGroups.add(conv.skill_group);
  return entry;
}

function isMine(conv) {
  return conv.status === "open" && conv.agent && me && conv.agent.id === me.id;
}

function onConversationEvent(conv) {
  if (!conv || typeof conv.id !== "number") return;
  listingEvents += 1;
  var entry = convs.get(conv.id);
  if (isMine(conv)) {
    var fresh = !entry || !!entry.ended;
    entry = upsertMine(conv);
    if (fresh) entry.lastActivity = Date.now();
    syncEntry(entry);
    // With room for both panes, an idle agent sees a new conversation at once.
    if (fresh && !selected && window.matchMedia("(min-width: 800px)").matches) select("mine", conv.id);
  } else if (entry) {
    entry.conv = conv;
    entry.ended = conv.status === "closed" ? "closed" : "transferred";
    entry.visitorTyping = false;
    if (conv.status === "closed") syncEntry(entry);
    failPendingFor(entry.id, conv.status === "closed" ? "This conversation is closed." :
      "This conversation was transferred.");
  }
  if (conv.status !== "queued") {
    var before = queue.length;
    queue = queue.filter(function (c) {
      return c.id !== conv.id;
    });
    if (queue.length !== before) queueWaiting = Math.max(0, queueWaiting - 1);
  }
  if (preview && preview.id === conv.id) {
    preview.conv = conv;
    if (isMine(conv)) select("mine", conv.id);
  }
  renderAll();
}

async function onMessageEvent(m) {
  if (!m || typeof m.conversation_id !== "number") return;
  var entry = convs.get(m.conversation_id);
  if (!entry) {
    var res = await api("GET", "/api/conversations/" + m.conversation_id);
    if (!res.ok) return;
    onConversationEvent(res.data);
    entry = convs.get(m.conversation_id);
    if (!entry) return;
  }
  if (m.sender.type === "agent" && m.client_id && outbox.remove(m.client_id)) renderPendingFor(entry);
  addMessage(entry, m);
  if (entry.log.hasGap()) syncEntry(entry);
}

function addMessage(entry, m) {
  if (!entry.log.add(m) && entry.view.has(m)) return false;
  var showing = isShowing(entry);
  var scroller = $("messages");
  var pinned = showing && K.isNearBottom(scroller);
  entry.view.add(m);
  entry.lastActivity = Date.parse(m.created_at) || Date.now();
  if (m.sender.type === "visitor") entry.visitorTyping = false;
  if (showing && (pinned || m.sender.type === "agent")) K.scrollToBottom(scroller);
  scheduleRender();
  if (showing) markReadSoon();
  return true;
}

/** Fetch every message after the highest contiguous seq held; coalesces calls. */
async function syncEntry(entry) {
  if (!socket || !socket.connected) return;
  if (entry.syncing) {
    entry.syncAgain = true;
    return;
  }
  entry.syncing = true;
  try {
    for (var round = 0; round < 5; round++) {
      entry.syncAgain = false;
      var ack = await K.emitAck(socket, "sync", {
        conversation_id: entry.id,
        after_seq: entry.log.contiguous,
      }, 10000);
      if (!ack.ok) break;
      (ack.messages || []).forEach(function (m) {
        addMessage(entry, m);
      });
      if (entry.log.hasGap()) entry.syncAgain = true;
      if (!entry.syncAgain) break;
    }
  } finally {
    entry.syncing = false;
  }
  if (isShowing(entry)) markReadSoon();
  scheduleRender();
}

function onQueueEvent(data) {
  if (!data || !Array.isArray(data.conversations)) return;
  listingEvents += 1;
  setQueue(data.conversations, data.waiting);
  if (preview) refreshPreview();
}

function setQueue(list, waiting) {
  queue = list.slice().sort(function (a, b) {
    return (a.queue_position || 1e9) - (b.queue_position || 1e9) || a.id - b.id;
  });
  queueWaiting = Math.max(typeof waiting === "number" ? waiting : queue.length, queue.length);
  queue.forEach(function (c) {
    if (c.skill_group) skillGroups.add(c.skill_group);
  });
  renderQueue();
  loadQueuePreviews();
  if (selected && selected.kind === "queue") {
    var still = queue.some(function (c) {
      return c.id === selected.id;
    });
    if (!still && !convs.has(selected.id)) {
      // Someone else took it (or it was closed): the preview ends.
      renderChat();
    }
  }
  renderTitle();
}

/** Fetch the latest visitor message of each waiting conversation, one request at a time. */
async function loadQueuePreviews() {
  if (previewsLoading) {
    previewsAgain = true;
    return;
  }
  previewsLoading = true;
  try {
    do {
      previewsAgain = false;
      var todo = queue.slice(0, 50).filter(function (c) {
        var have = queuePreviews.get(c.id);
        return c.last_seq > 0 && (!have || have.seq < c.last_seq);
      });
      for (var i = 0; i < todo.length && Session.current(); i++) {
        var conv = todo[i];
        var res = await api("GET", "/api/conversations/" + conv.id + "/messages?after_seq=" +
          Math.max(0, conv.last_seq - 5) + "&limit=5");
        if (!res.ok) continue;
        var fromVisitor = (res.data.data || []).filter(function (m) {
          return m.sender.type === "visitor";
        });
        var last = fromVisitor[fromVisitor.length - 1];
        queuePreviews.set(conv.id, { seq: conv.last_seq, text: last ? last.content : "" });
        renderQueue();
      }
    } while (previewsAgain && Session.current());
  } finally {
    previewsLoading = false;
  }
}

function onTypingEvent(data) {
  var entry = data && convs.get(data.conversation_id);
  if (!entry) return;
  clearTimeout(entry.typingTimer);
  entry.visitorTyping = !!data.typing;
  if (entry.visitorTyping) {
    // A lost "stopped" must not leave the indicator on for ever.
    entry.typingTimer = setTimeout(function () {
      entry.visitorTyping = false;
      scheduleRender();
    }, 8000);
  }
  scheduleRender();
}

function onReadEvent(data) {
  var entry = data && convs.get(data.conversation_id);
  if (!entry || typeof data.seq !== "number") return;
  entry.view.setReadUpTo(entry.id, data.seq);
}

function onAgentEvent(agent) {
  if (!agent || typeof agent.id !== "number") return;
  agents.set(agent.id, agent);
  (agent.skills || []).forEach(function (s) {
    skillGroups.add(s);
  });
  if (me && agent.id === me.id) setMe(agent);
}

function setMe(agent) {
  if (!agent) return;
  me = agent;
  Session.rememberAgent(agent);
  renderMe();
}

function failPendingFor(conversationId, message) {
  var changed = false;
  outbox.entries.forEach(function (item) {
    if (item.conversation_id === conversationId && item.state !== "failed") {
      item.state = "failed";
      item.error = { code: "conversation_closed", message: message };
      changed = true;
    }
  });
  if (changed) {
    outbox.save();
    var entry = convs.get(conversationId);
    if (entry) renderPendingFor(entry);
  }
}

/* ================= reading ================= */

function isShowing(entry) {
  return !!selected && selected.kind === "mine" && selected.id === entry.id;
}

var markReadSoon = K.coalesce(function () {
  markRead();
}, 250);

/** What is on screen counts as read at once; the server hears of it when connected. */
function markRead() {
  if (selected && selected.kind === "mine" && document.visibilityState === "visible") {
    var entry = convs.get(selected.id);
    if (entry && entry.log.maxSeq > entry.seenSeq) {
      entry.seenSeq = entry.log.maxSeq;
      scheduleRender();
    }
  }
  sendReads();
}

function sendReads() {
  if (!socket || !socket.connected) return;
  convs.forEach(function (entry) {
    // A closed conversation still belongs to its agent: what was read before closing counts.
    if (entry.seenSeq > entry.readSent && entry.ended !== "transferred") {
      entry.readSent = entry.seenSeq;
      K.emitAck(socket, "read", { conversation_id: entry.id, seq: entry.seenSeq }, 10000);
    }
  });
}

function unreadOf(entry) {
  var count = 0;
  entry.log.bySeq.forEach(function (m) {
    if (m.sender.type === "visitor" && m.seq > entry.seenSeq) count += 1;
  });
  return count;
}

/* ================= sending ================= */

function sendReply() {
  var input = $("reply-input");
  var text = input.value;
  if (!text.trim() || !selected || selected.kind !== "mine") return;
  var entry = convs.get(selected.id);
  if (!entry || entry.ended) return;
  outbox.add({ conversation_id: entry.id, content: text });
  input.value = "";
  entry.draft = "";
  K.autoGrow(input);
  stopTyping();
  renderPendingFor(entry);
  K.scrollToBottom($("messages"));
  flushOutbox();
}

function flushOutbox() {
  outbox.flush(socket, {
    payload: function (item) {
      return {
        conversation_id: item.conversation_id,
        client_id: item.client_id,
        content: item.content,
        type: "text",
      };
    },
    stored: function (item, message) {
      var entry = convs.get(item.conversation_id);
      if (!entry) return;
      renderPendingFor(entry);
      addMessage(entry, message);
      if (entry.log.hasGap()) syncEntry(entry);
    },
    settled: function (item) {
      var entry = convs.get(item.conversation_id);
      if (entry) renderPendingFor(entry);
    },
    retry: flushOutbox,
  });
}

function renderPendingFor(entry) {
  entry.view.setPending(outbox.entries.filter(function (item) {
    return item.conversation_id === entry.id;
  }));
  if (isShowing(entry)) K.scrollToBottom($("messages"));
}

function startTyping() {
  if (!selected || selected.kind !== "mine" || !socket || !socket.connected) return;
  var entry = convs.get(selected.id);
  if (!entry || entry.ended) return;
  var now = Date.now();
  if (typingState.id !== entry.id) stopTyping();
  if (!typingState.on || now - typingState.sent > 2500) {
    typingState.on = true;
    typingState.id = entry.id;
    typingState.sent = now;
    socket.emit("typing", { conversation_id: entry.id, typing: true });
  }
  clearTimeout(typingState.idle);
  typingState.idle = setTimeout(stopTyping, 4000);
}

function stopTyping() {
  clearTimeout(typingState.idle);
  if (!typingState.on) return;
  typingState.on = false;
  var entry = convs.get(typingState.id);
  if (socket && socket.connected && entry && !entry.ended) {
    socket.emit("typing", { conversation_id: typingState.id, typing: false });
  }
}

/* ================= actions ================= */

async function setStatus(status) {
  desiredStatus = status;
  try {
    sessionStorage.setItem(STATUS_KEY, status);
  } catch (err) {
    /* ignore */
  }
  renderMe();
  var ack = await K.emitAck(socket, "status", { status: status }, 10000);
  if (ack.ok) {
    setMe(ack.agent);
    toast(status === "away" ? "You are away: no new conversations will be assigned to you." :
      "You are online.");
  } else {
    toast("Could not change your status: " + ack.error.message, true);
  }
}

async function pick(id, button) {
  if (button) button.disabled = true;
  var ack = await K.emitAck(socket, "pick", { conversation_id: id }, 10000);
  if (button) button.disabled = false;
  if (ack.ok && ack.conversation) {
    onConversationEvent(ack.conversation);
    select("mine", id);
    $("reply-input").focus();
    return;
  }
  var code = ack.error && ack.error.code;
  if (code === "already_assigned") {
    queue = queue.filter(function (c) {
      return c.id !== id;
    });
    renderQueue();
    toast("Someone else already took that conversation.", true);
    loadQueue();
  } else if (code === "capacity_full") {
    toast("You are at your limit of open conversations. Close one first.", true);
  } else {
    toast("Could not pick the conversation: " + ack.error.message, true);
  }
}

async function closeSelected() {
  var entry = selected && convs.get(selected.id);
  if (!entry || entry.ended) return;
  var button = $("close-conv");
  button.disabled = true;
  var ack = await K.emitAck(socket, "close", { conversation_id: entry.id }, 10000);
  button.disabled = false;
  if (ack.ok) {
    onConversationEvent(ack.conversation);
    toast("Conversation closed.");
  } else {
    toast("Could not close: " + ack.error.message, true);
  }
}

async function openTransfer() {
  var entry = selected && convs.get(selected.id);
  if (!entry || entry.ended) return;
  var admin = me && me.role === "admin";
  if (admin) {
    // Loads change with every assignment: list agents as they are now.
    var res = await api("GET", "/api/agents");
    if (res.ok) {
      (res.data.data || []).forEach(function (a) {
        agents.set(a.id, a);
      });
    }
  }
  var select = $("transfer-agent-select");
  select.textContent = "";
  if (admin) {
    var list = Array.from(agents.values())
      .filter(function (a) {
        return a.id !== me.id;
      })
      .sort(function (a, b) {
        var rank = { online: 0, away: 1, offline: 2 };
        return (rank[a.status] - rank[b.status]) || a.name.localeCompare(b.name);
      });
    list.forEach(function (a) {
      var option = K.el("option", null,
        a.name + " — " + a.status + " · " + a.load + "/" + a.max_concurrent +
        (a.skills && a.skills.length ? " · " + a.skills.join(", ") : ""));
      option.value = String(a.id);
      select.appendChild(option);
    });
  }
  var groups = $("transfer-groups");
  groups.textContent = "";
  Array.from(skillGroups).sort().forEach(function (g) {
    var option = document.createElement("option");
    option.value = g;
    groups.appendChild(option);
  });
  $("transfer-agent-id").value = "";
  $("transfer-group").value = "";
  $("transfer-error").textContent = "";
  $("transfer-form").elements.target.value = "agent";
  updateTransferFields();
  $("transfer-dialog").showModal();
  (admin ? select : $("transfer-agent-id")).focus();
}

function updateTransferFields() {
  var toAgent = $("transfer-form").elements.target.value === "agent";
  var admin = me && me.role === "admin";
  $("transfer-agent-pick").hidden = !toAgent || !admin;
  $("transfer-agent-manual").hidden = !toAgent || admin;
  $("transfer-group-field").hidden = toAgent;
}

async function submitTransfer(event) {
  event.preventDefault();
  var entry = selected && convs.get(selected.id);
  if (!entry) return;
  var error = $("transfer-error");
  error.textContent = "";
  var payload = { conversation_id: entry.id };
  var toAgent = $("transfer-form").elements.target.value === "agent";
  if (toAgent) {
    var raw = me.role === "admin" ? $("transfer-agent-select").value : $("transfer-agent-id").value;
    var agentId = parseInt(raw, 10);
    if (!agentId || agentId < 1) {
      error.textContent = "Choose the agent to transfer to.";
      return;
    }
    payload.agent_id = agentId;
  } else {
    var group = $("transfer-group").value.trim();
    if (!group) {
      error.textContent = "Enter the skill group to transfer to.";
      return;
    }
    payload.skill_group = group;
  }
  var button = $("transfer-submit");
  button.disabled = true;
  var ack = await K.emitAck(socket, "transfer", payload, 10000);
  button.disabled = false;
  if (!ack.ok) {
    error.textContent = ack.error.message;
    return;
  }
  $("transfer-dialog").close();
  onConversationEvent(ack.conversation);
  toast(transferText(ack.conversation));
}

function transferText(conv) {
  if (conv.agent && conv.status === "open") return "Transferred to " + conv.agent.name + ".";
  return "Transferred to the " + (conv.skill_group || "general") + " queue.";
}

function select(kind, id) {
  var previous = selected && selected.kind === "mine" ? convs.get(selected.id) : null;
  if (previous) {
    previous.draft = $("reply-input").value;
    previous.scrollTop = K.isNearBottom($("messages")) ? null : $("messages").scrollTop;
  }
  if (!selected || selected.id !== id) stopTyping();
  selected = { kind: kind, id: id };
  if (kind === "queue") openPreview(id);
  else preview = null;
  $("workspace").classList.add("show-chat");
  renderChat(true);
  renderLists();
  markReadSoon();
}

function deselect() {
  var entry = selected && selected.kind === "mine" ? convs.get(selected.id) : null;
  if (entry) entry.draft = $("reply-input").value;
  selected = null;
  preview = null;
  $("workspace").classList.remove("show-chat");
  renderChat(true);
  renderLists();
}

function dismiss(id) {
  convs.delete(id);
  outbox.entries
    .filter(function (item) {
      return item.conversation_id === id;
    })
    .forEach(function (item) {
      outbox.remove(item.client_id);
    });
  if (selected && selected.id === id) deselect();
  renderAll();
}

/* ----- queue preview: read the visitor's messages before picking ----- */

function openPreview(id) {
  var conv = queue.find(function (c) {
    return c.id === id;
  });
  if (!conv) return;
  var container = K.el("div", "thread");
  preview = {
    id: id,
    conv: conv,
    log: new K.ConversationLog(id),
    container: container,
    view: new K.MessageListView(container, {
      isMine: function (m) {
        return m.sender.type === "agent";
      },
    }),
  };
  refreshPreview();
}

async function refreshPreview() {
  var p = preview;
  if (!p) return;
  var fresh = queue.find(function (c) {
    return c.id === p.id;
  });
  if (fresh) p.conv = fresh;
  var res = await api("GET", "/api/conversations/" + p.id + "/messages?after_seq=" + p.log.contiguous + "&limit=500");
  if (!res.ok || preview !== p) return;
  (res.data.data || []).forEach(function (m) {
    p.log.add(m);
    p.view.add(m);
  });
  if (selected && selected.kind === "queue" && selected.id === p.id) K.scrollToBottom($("messages"));
}

/* ================= rendering ================= */

var renderQueued = false;

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(function () {
    renderQueued = false;
    renderLists();
    renderChatState();
    renderTitle();
  });
}

function renderAll() {
  renderMe();
  renderLists();
  renderChat(false);
  renderTitle();
}

function renderLists() {
  renderQueue();
  renderMine();
}

function setConn(kind) {
  var box = $("conn");
  box.dataset.state = kind;
  $("conn-text").textContent = {
    ok: "Connected",
    connecting: "Connecting…",
    reconnecting: "Reconnecting…",
    offline: "Offline",
  }[kind];
  document.body.classList.toggle("is-disconnected", kind !== "ok");
  renderChatState();
}

function renderMe() {
  if (!me) return;
  $("me-name").textContent = me.name;
  var open = 0;
  convs.forEach(function (entry) {
    if (!entry.ended) open += 1;
  });
  $("me-meta").textContent = (me.role === "admin" ? "Admin" : "Agent") + " · ID " + me.id +
    " · " + open + "/" + me.max_concurrent + " open";
  $("me-avatar").textContent = K.initials(me.name);
  var shown = me.status && me.status !== "offline" ? me.status : desiredStatus;
  ["online", "away"].forEach(function (s) {
    var button = $("status-" + s);
    button.setAttribute("aria-pressed", shown === s ? "true" : "false");
  });
}

function renderTitle() {
  var unread = 0;
  convs.forEach(function (entry) {
    if (!entry.ended) unread += unreadOf(entry);
  });
  var parts = [];
  if (unread) parts.push("(" + unread + ")");
  parts.push("Kefu");
  if (queueWaiting) parts.push("· " + queueWaiting + " waiting");
  document.title = parts.join(" ");
}

var queueList = new KeyedList($("queue-list"), function (id) {
  return buildQueueItem(id, {
    onOpen: function () {
      select("queue", id);
    },
    onPick: pick,
  });
});

function renderQueue() {
  $("queue-count").textContent = String(queueWaiting);
  $("queue-empty").hidden = queue.length > 0;
  var waitingIds = new Set(queue.map(function (c) {
    return c.id;
  }));
  queuePreviews.forEach(function (_, id) {
    if (!waitingIds.has(id)) queuePreviews.delete(id);
  });
  queueList.render(queue.map(function (conv) {
    var said = queuePreviews.get(conv.id);
    return {
      id: conv.id,
      conv: conv,
      said: said && said.text ? said.text : null,
      selected: !!selected && selected.kind === "queue" && selected.id === conv.id,
    };
  }), fillQueueItem);
}

var mineList = new KeyedList($("mine-list"), function (id) {
  return buildMineItem(id, {
    onOpen: function () {
      select("mine", id);
    },
    onDismiss: dismiss,
  });
});

function sortedMine() {
  return Array.from(convs.values()).sort(function (a, b) {
    if (!!a.ended !== !!b.ended) return a.ended ? 1 : -1;
    return b.lastActivity - a.lastActivity || b.id - a.id;
  });
}

function renderMine() {
  var entries = sortedMine();
  $("mine-count").textContent = String(entries.filter(function (e) {
    return !e.ended;
  }).length);
  $("mine-empty").hidden = entries.length > 0;
  mineList.render(entries.map(function (entry) {
    return {
      id: entry.id,
      conv: entry.conv,
      log: entry.log,
      unread: entry.ended ? 0 : unreadOf(entry),
      typing: entry.visitorTyping && !entry.ended,
      ended: entry.ended,
      selected: !!selected && selected.kind === "mine" && selected.id === entry.id,
      meId: me ? me.id : null,
    };
  }), fillMineItem);
}

function currentThread() {
  if (!selected) return null;
  if (selected.kind === "mine") return convs.get(selected.id) || null;
  return preview && preview.id === selected.id ? preview : null;
}

/** Swap the thread into the pane (switch=true) and refresh header, details, composer. */
function renderChat(switched) {
  var thread = currentThread();
  $("chat-placeholder").hidden = !!thread;
  $("chat-pane").hidden = !thread;
  if (!thread) {
    $("messages").textContent = "";
    renderDetails($("details-list"), $("details-empty"), null);
    return;
  }
  var scroller = $("messages");
  if (scroller.firstElementChild !== thread.container) {
    scroller.textContent = "";
    scroller.appendChild(thread.container);
    switched = true;
  }
  if (switched) {
    var input = $("reply-input");
    input.value = selected.kind === "mine" ? thread.draft || "" : "";
    K.autoGrow(input);
    if (thread.scrollTop === null || thread.scrollTop === undefined) K.scrollToBottom(scroller);
    else scroller.scrollTop = thread.scrollTop;
  }
  renderChatState();
  renderDetails($("details-list"), $("details-empty"), thread.conv);
}

function renderChatState() {
  var thread = currentThread();
  if (!thread) return;
  var conv = thread.conv;
  var isQueue = selected.kind === "queue";
  var queuedStill = isQueue && queue.some(function (c) {
    return c.id === conv.id;
  });
  var name = visitorName(conv);
  $("chat-title").textContent = name;
  $("chat-avatar").textContent = K.initials(name);
  var sub = [];
  if (conv.visitor && conv.visitor.email && conv.visitor.email !== name) sub.push(conv.visitor.email);
  if (conv.visitor && conv.visitor.page_url) sub.push(pageLabel(conv.visitor.page_url));
  $("chat-sub").textContent = sub.join(" · ");

  var status = $("chat-status");
  var label;
  var kind;
  if (isQueue) {
    label = queuedStill ? "Waiting · #" + (conv.queue_position || "?") : "No longer waiting";
    kind = "queued";
  } else if (thread.ended === "closed") {
    label = "Closed";
    kind = "closed";
  } else if (thread.ended === "transferred") {
    label = "Transferred";
    kind = "closed";
  } else {
    label = "Open";
    kind = "open";
  }
  status.textContent = label;
  status.dataset.kind = kind;

  var active = !isQueue && !thread.ended;
  $("pick-selected").hidden = !isQueue || !queuedStill;
  $("transfer-open").hidden = !active;
  $("close-conv").hidden = !active;
  $("reply-form").hidden = !active;

  var banner = $("chat-banner");
  var text = "";
  if (isQueue) {
    text = queuedStill ? "Preview: this visitor is waiting in the queue. Pick the conversation to reply." :
      "This conversation is no longer in the queue.";
  } else if (thread.ended === "closed") {
    text = "This conversation is closed" + (conv.rating ? " · rated " + conv.rating + "/5" : "") + ".";
  } else if (thread.ended === "transferred") {
    text = conv.agent && conv.status === "open" ? "Transferred to " + conv.agent.name + "." :
      "Transferred to the " + (conv.skill_group || "general") + " queue.";
  } else if (!socket || !socket.connected) {
    text = "Reconnecting… replies are kept and sent when the connection is back.";
  }
  banner.textContent = text;
  banner.hidden = !text;
  banner.dataset.kind = isQueue ? "info" : thread.ended ? "ended" : "warn";

  var typing = !isQueue && thread.visitorTyping && !thread.ended;
  $("typing-line").textContent = typing ? name + " is typing…" : "";
}

/* ================= wiring ================= */

function bind() {
  $("login-form").addEventListener("submit", onLoginSubmit);
  $("logout").addEventListener("click", function () {
    signOut("You have signed out.");
  });
  $("status-online").addEventListener("click", function () {
    setStatus("online");
  });
  $("status-away").addEventListener("click", function () {
    setStatus("away");
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    sendReply();
    $("reply-input").focus();
  });
  var input = $("reply-input");
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      sendReply();
    }
  });
  input.addEventListener("input", function () {
    K.autoGrow(input);
    if (input.value.trim()) startTyping();
    else stopTyping();
  });
  input.addEventListener("blur", stopTyping);
  $("pick-selected").addEventListener("click", function () {
    if (selected && selected.kind === "queue") pick(selected.id, $("pick-selected"));
  });
  $("close-conv").addEventListener("click", closeSelected);
  $("transfer-open").addEventListener("click", openTransfer);
  $("transfer-cancel").addEventListener("click", function () {
    $("transfer-dialog").close();
  });
  $("transfer-form").addEventListener("submit", submitTransfer);
  $("transfer-form").addEventListener("change", function (event) {
    if (event.target.name === "target") updateTransferFields();
  });
  $("back").addEventListener("click", deselect);
  $("details-toggle").addEventListener("click", function () {
    var open = !$("workspace").classList.contains("show-details");
    $("workspace").classList.toggle("show-details", open);
    $("details-toggle").setAttribute("aria-expanded", open ? "true" : "false");
  });
  $("details-close").addEventListener("click", function () {
    $("workspace").classList.remove("show-details");
    $("details-toggle").setAttribute("aria-expanded", "false");
  });
  $("messages").addEventListener("scroll", function () {
    if (K.isNearBottom($("messages"))) markReadSoon();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") markReadSoon();
  });
  window.addEventListener("focus", markReadSoon);
  window.addEventListener("online", function () {
    if (socket && !socket.connected) socket.connect();
  });
  // Waiting times in the queue stay current.
  setInterval(function () {
    if (Session.current()) renderQueue();
  }, 30000);
}

bind();
Session.onExpired(signOut);
if (Session.restore()) start();
else showLogin();
