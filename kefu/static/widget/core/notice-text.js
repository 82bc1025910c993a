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

/** The English renderers, the same words as the server's (kefu/chat/notices.py). */
export const NOTICES_EN = {
  closed: () => "The conversation was closed.",
  closed_inactive: (p) => "The conversation was closed after " + p.minutes + " minutes without messages.",
  transferred_to_agent: (p) => "Transferred to " + p.agent + ".",
  transferred_to_group: (p) => "Transferred to the " + p.group + " team.",
  agent_lost: () => "Your agent was disconnected. Finding you another agent…",
  agent_left: () => "Your agent is no longer available. Finding you another agent…",
};
