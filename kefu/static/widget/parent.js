/*
 * The page around the widget's iframe (the loader): messages go only to the
 * host origin the loader named, and only when there is one.
 */

const params = new URLSearchParams(location.search);

export const embedded = window.parent !== window;
export const hostOrigin = embedded ? params.get("host") : null;

export function postToParent(message) {
  if (!embedded || !hostOrigin) return;
  message.kefu = 1;
  window.parent.postMessage(message, hostOrigin);
}

/** Call `handle(msg)` for each Kefu message from the host page, checked by window and origin. */
export function listenToParent(handle) {
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== hostOrigin) return;
    const msg = event.data;
    if (!msg || msg.kefu !== 1) return;
    handle(msg);
  });
}
