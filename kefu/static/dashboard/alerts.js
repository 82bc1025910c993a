/*
 * Alerts: a chime (Web Audio: no sound file, nothing the CSP must allow) and a desktop
 * notification while the dashboard is not in front; optionally the chime again every N
 * seconds while something stays unread. Browsers only let a page make sound after a
 * person's gesture, so the sign-in click (or the first click after a reload) arms it.
 * Each chime counts in `body[data-alerts-played]` (what tests observe).
 */

import { $ } from "../widget/core/dom.js";
import { REPEAT_CHOICES, readSettings, repeatDue } from "./alert-rules.js";
import { T } from "./i18n.js";
import { unreadTotal } from "./unread.js";

const SETTINGS_KEY = "kefu.dashboard.alerts";
const REPEAT_CHECK_MS = 1000;
const NOTES = [
  [880, 0],
  [1318.5, 0.14],
];

let audio = null;
let settings = readSettings(null);
let lastChimeAt = 0;

function load() {
  try {
    settings = readSettings(window.localStorage.getItem(SETTINGS_KEY));
  } catch (err) {
    settings = readSettings(null);
  }
}

function save() {
  try {
    window.localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch (err) {
    /* private mode: the choice lasts as long as the page */
  }
}

/** Make sound possible from now on (call from a person's click or key press). */
export function armAlerts() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!audio) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

function chime() {
  if (!settings.sound || !audio || audio.state !== "running") return;
  const now = audio.currentTime;
  NOTES.forEach(([frequency, at]) => {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = "sine";
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.25, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(now + at);
    tone.stop(now + at + 0.4);
  });
  lastChimeAt = Date.now();
  document.body.dataset.alertsPlayed = String(Number(document.body.dataset.alertsPlayed || 0) + 1);
}

function notifyDesktop(title, body, tag) {
  if (!settings.desktop || typeof Notification === "undefined" || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  try {
    const note = new Notification(title, { body, tag });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch (err) {
    /* some browsers allow notifications only from a service worker */
  }
}

/** Chime and, while the dashboard is not in front, a desktop notification. */
export function alert(title, body, tag) {
  chime();
  notifyDesktop(title, body, tag);
}

/** What the agent is looking at, for alert-rules.needsAttention. */
export function viewNow(selectedId) {
  return { visible: document.visibilityState === "visible", focused: document.hasFocus(), selectedId };
}

function repeatIfUnread() {
  if (repeatDue(settings, unreadTotal(), lastChimeAt, Date.now())) chime();
}

function renderSettings() {
  $("alerts-settings").title = T.alertSettings;
  $("alerts-settings").setAttribute("aria-label", T.alertSettings);
  $("alerts-dialog-title").textContent = T.alertSettings;
  $("alerts-sound-text").textContent = T.alertSound;
  $("alerts-repeat-text").textContent = T.alertRepeat;
  $("alerts-repeat-hint").textContent = T.alertRepeatHint;
  $("alerts-repeat-every").textContent = T.alertRepeatEvery;
  $("alerts-done").textContent = T.shortcutsDone;
  $("alerts-sound").checked = settings.sound;
  $("alerts-repeat").checked = settings.repeat;
  const every = $("alerts-repeat-seconds");
  if (!every.options.length) {
    REPEAT_CHOICES.forEach((seconds) => {
      const option = document.createElement("option");
      option.value = String(seconds);
      option.textContent = T.everySeconds(seconds);
      every.appendChild(option);
    });
  }
  every.value = String(settings.repeatSeconds);
  every.disabled = !settings.repeat || !settings.sound;
  $("alerts-repeat").disabled = !settings.sound;
}

function bindSettings() {
  $("alerts-settings").addEventListener("click", () => {
    armAlerts();
    renderSettings();
    $("alerts-dialog").showModal();
  });
  $("alerts-done").addEventListener("click", () => $("alerts-dialog").close());
  $("alerts-sound").addEventListener("change", () => {
    settings.sound = $("alerts-sound").checked;
    save();
    render();
  });
  $("alerts-repeat").addEventListener("change", () => {
    settings.repeat = $("alerts-repeat").checked;
    lastChimeAt = Date.now(); // the first repeat comes one interval from now
    save();
    render();
  });
  $("alerts-repeat-seconds").addEventListener("change", () => {
    settings.repeatSeconds = Number($("alerts-repeat-seconds").value);
    save();
    render();
  });
}

function render() {
  renderSettings();
  const button = $("alerts-toggle");
  button.setAttribute("aria-pressed", settings.sound ? "true" : "false");
  $("alerts-text").textContent = settings.sound ? T.alertsOn : T.alertsOff;
  button.title = T.alertsHint;
  const desktop = $("alerts-desktop");
  const supported = typeof Notification !== "undefined";
  desktop.hidden = !supported || (settings.desktop && Notification.permission === "granted");
  desktop.textContent = T.alertsDesktop;
  desktop.title = T.alertsDesktopHint;
}

/** The top bar's alert switches; the first click anywhere arms the sound. */
export function bindAlerts() {
  load();
  $("alerts-toggle").addEventListener("click", () => {
    settings.sound = !settings.sound;
    save();
    armAlerts();
    render();
  });
  $("alerts-desktop").addEventListener("click", async () => {
    armAlerts();
    const answer = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    settings.desktop = answer === "granted";
    save();
    render();
  });
  document.addEventListener("pointerdown", armAlerts, { once: true });
  document.addEventListener("keydown", armAlerts, { once: true });
  bindSettings();
  setInterval(repeatIfUnread, REPEAT_CHECK_MS);
  render();
}
