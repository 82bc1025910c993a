// A webhook receiver for the bench: answers 204 at once and keeps, per event id, when it
// first arrived, so the delivery lag (arrival − the event's created_at, one clock) and
// the duplicates can be read from GET /stats. Plain Node, no packages.
import http from "node:http";

const firstSeen = new Map(); // event id -> lag in ms
let received = 0;

function percentile(sorted, fraction) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    const lags = [...firstSeen.values()].sort((a, b) => a - b);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({
      received,
      unique: firstSeen.size,
      lag_ms: { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), max: lags.at(-1) ?? null },
    }));
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const now = Date.now();
    received += 1;
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (!firstSeen.has(event.id)) firstSeen.set(event.id, now - Date.parse(event.created_at));
    res.writeHead(204);
    res.end();
  });
});

server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
