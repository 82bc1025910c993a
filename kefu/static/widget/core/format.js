/* How times and names are shown: pure functions of their input (and the clock). */

function parseTime(iso) {
  const d = iso ? new Date(iso) : new Date();
  return isNaN(d.getTime()) ? new Date() : d;
}

// Building a formatter costs far more than using one: a thread of thousands of messages
// asks for the same two again and again.
const timeFormats = new Map();

function timeFormat(locale, withDay) {
  const key = (locale || "") + (withDay ? "|day" : "");
  let format = timeFormats.get(key);
  if (!format) {
    const opts = { hour: "2-digit", minute: "2-digit" };
    if (withDay) {
      opts.month = "short";
      opts.day = "numeric";
    }
    try {
      format = new Intl.DateTimeFormat(locale || undefined, opts);
    } catch (err) {
      format = new Intl.DateTimeFormat(undefined, opts);
    }
    timeFormats.set(key, format);
  }
  return format;
}

/** "14:05" today, "Mar 3, 14:05" on another day. */
export function formatTime(iso, locale) {
  const d = parseTime(iso);
  return timeFormat(locale, d.toDateString() !== new Date().toDateString()).format(d);
}

export function formatDate(iso, locale) {
  const d = parseTime(iso);
  try {
    return d.toLocaleDateString(locale || undefined, { weekday: "short", month: "short", day: "numeric" });
  } catch (err) {
    return d.toDateString();
  }
}

const AGE_EN = {
  now: "<1 min",
  minutes: (m) => m + " min",
  hours: (h, m) => h + " h " + m + " min",
  days: (d) => d + " d",
};

/** "2 min", "1 h 5 min": how long ago, short; `units` words it in another language. */
export function formatAge(iso, now, units) {
  const u = units || AGE_EN;
  const seconds = Math.max(0, Math.round(((now || Date.now()) - parseTime(iso).getTime()) / 1000));
  if (seconds < 60) return u.now;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return u.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return u.hours(hours, minutes % 60);
  return u.days(Math.floor(hours / 24));
}

/** "JD" for "Jane Doe": the first letters of the first and last words. */
export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return "?";
  const first = Array.from(parts[0])[0] || "?";
  const second = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] || "" : "";
  return (first + second).toUpperCase();
}
