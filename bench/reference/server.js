// The reference: a bare Node socket.io relay with Kefu's namespaces and event shapes, and
// none of its work (no token check, no database, no routing). `node server.js <port>`.
"use strict";
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 5900);
const compress = process.env.REFERENCE_DEFLATE === "1";
const io = new Server(port, {
  pingInterval: 25000,
  pingTimeout: 20000,
  cors: { origin: "*" },
  perMessageDeflate: compress ? { threshold: 1024 } : false,
});
const visitors = io.of("/visitor");
const agents = io.of("/agent");
let nextId = 0;

visitors.on("connection", (socket) => {
  const auth = socket.handshake.auth || {};
  socket.join(`visitor:${auth.token}`);
  const agentRoom = `agent:${auth.agent ?? 0}`;
  let seq = 0;
  socket.on("message", (data, ack) => {
    const message = {
      id: ++nextId,
      conversation_id: 0,
      seq: ++seq,
      client_id: data && data.client_id,
      sender: { type: "visitor", id: String(auth.token).slice(-12), name: "" },
      type: "text",
      content: data && data.content,
      created_at: new Date().toISOString(),
    };
    agents.to(agentRoom).emit("message", message);
    if (typeof ack === "function") ack({ ok: true, message });
  });
});

agents.on("connection", (socket) => {
  const auth = socket.handshake.auth || {};
  socket.join(`agent:${auth.agent ?? 0}`);
});

io.engine.on("connection_error", () => {});
console.log(JSON.stringify({ event: "listening", port }));
