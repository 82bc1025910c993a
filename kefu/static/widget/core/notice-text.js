/*
 * A system notice ({code, params}, kefu/chat/notices.py) in the reader's language: each
 * client's strings hold a `notices` table of renderers by code. An unknown code (a newer
 * server) gives null, and the reader shows the message's English content instead.
 */

export function noticeText(notice, T) {
  const render = notice && T.notices && T.notices[notice.code];
  if (!render) return null;
  try {
    return render(notice.params || {});
  } catch (err) {
    return null;
  }
}
