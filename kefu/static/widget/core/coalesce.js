/** A function that runs `fn` once, `ms` after the first of any number of calls. */
export function coalesce(fn, ms) {
  let timer = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
