/*
 * Numbers, days, weekdays and durations as the page's language writes them.
 * Every function takes the locale (an Intl tag) or the strings table `T`
 * explicitly. Pure: no DOM, tested by tests/js/reports-format.test.mjs.
 */

/** The Intl locale of a page language: zh-CN for Chinese, else the browser's English tag. */
export function intlLocale(language, locale) {
  if (language === "zh") return "zh-CN";
  try {
    const [tag] = Intl.getCanonicalLocales(locale || "en");
    return /^en/i.test(tag || "") ? tag : "en";
  } catch (err) {
    return "en";
  }
}

/**
 * A duration in seconds as "1 min 20 s" / "1 分 20 秒": the two largest units,
 * whole seconds; null (no such conversation) is T.noValue.
 */
export function formatDuration(seconds, T) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return T.noValue;
  if (seconds > 0 && seconds < 0.5) return T.underSecond;
  const total = Math.round(Math.max(0, seconds));
  const part = (n, unit) => n + " " + unit;
  const pair = (big, bigUnit, small, smallUnit) =>
    small ? part(big, bigUnit) + " " + part(small, smallUnit) : part(big, bigUnit);
  if (total < 60) return part(total, T.unitSec);
  if (total < 3600) return pair(Math.floor(total / 60), T.unitMin, total % 60, T.unitSec);
  if (total < 86400) {
    const minutes = Math.round(total / 60); // a seconds figure is noise next to hours
    if (minutes % 60 === 0 && minutes >= 1440) return part(1, T.unitDay);
    return pair(Math.floor(minutes / 60), T.unitHour, minutes % 60, T.unitMin);
  }
  const hours = Math.round(total / 3600);
  return pair(Math.floor(hours / 24), T.unitDay, hours % 24, T.unitHour);
}

/** A count or an average in the locale's digits and separators. */
export function formatNumber(value, locale, maximumFractionDigits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/** An average rating with two decimals ("4.50"), "—" when nobody rated. */
export function formatRating(value, locale) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A share (0.25) as a percentage ("25%"). */
export function formatPercent(fraction, locale) {
  if (!Number.isFinite(fraction)) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(fraction);
}

function utcDate(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** A day ("2026-12-01") as a short date: "Dec 1" / "12月1日" (with the year when asked). */
export function formatDay(day, locale, withYear = false) {
  const options = { timeZone: "UTC", month: "short", day: "numeric" };
  if (withYear) options.year = "numeric";
  return new Intl.DateTimeFormat(locale, options).format(utcDate(day));
}

/** Two days as one range: "Nov 5 – Dec 4, 2026" / "2026年11月5日 – 12月4日". */
export function formatDayRange(from, to, locale) {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
  });
  // ICU's Chinese ranges come out as "2026/11/5 – 2026/12/4" in some builds: write them out.
  if (/^zh/i.test(locale) && from <= to) {
    const sameYear = from.slice(0, 4) === to.slice(0, 4);
    return format.format(utcDate(from)) + " – " + (sameYear ? formatDay(to, locale) : format.format(utcDate(to)));
  }
  if (from > to || typeof format.formatRange !== "function") {
    return format.format(utcDate(from)) + " – " + format.format(utcDate(to));
  }
  return format.formatRange(utcDate(from), utcDate(to));
}

/** Weekday names Monday first (the API's weekday 0 is Monday): "Mon" / "周一". */
export function weekdayNames(locale, style = "short") {
  const format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: style });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}
