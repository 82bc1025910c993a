/*
 * What the widget says, per language. English is the default; Chinese is
 * chosen for zh-* locales (the loader's data-locale, else the browser's).
 * Pure data and lookups: no DOM.
 */

export const STRINGS = {
  en: {
    title: "Chat with us",
    subtitleIdle: "We usually reply in a few minutes",
    subtitleQueued: "Waiting for the next available agent",
    subtitleOpen: "Support team",
    subtitleClosed: "This conversation has ended",
    welcomeTitle: "Hi there 👋",
    welcomeText: "Ask us anything — a real person will answer.",
    placeholder: "Type your message…",
    placeholderClosed: "Write to start a new conversation…",
    inputLabel: "Message",
    send: "Send message",
    minimize: "Minimize chat",
    queue: function (n) {
      return "You are number " + n + " in line. An agent will be with you shortly.";
    },
    queueNoPosition: "Waiting for an agent to join…",
    wait: function (seconds) {
      return seconds < 60 ? "Estimated wait: under a minute." :
        "Estimated wait: about " + Math.round(seconds / 60) + " min.";
    },
    assigned: function (name) {
      return "You are chatting with " + name + ".";
    },
    typing: function (name) {
      return (name || "The agent") + " is typing…";
    },
    connecting: "Connecting…",
    reconnecting: "Connection lost. Reconnecting…",
    offline: "You are offline. Messages will be sent when you are back online.",
    unavailable: "Chat is unavailable right now. Retrying…",
    sending: "Sending…",
    sent: "Sent",
    seen: "Seen",
    failed: "Not sent",
    retry: "Retry",
    edit: "Edit",
    remove: "Delete",
    earlier: "Show earlier messages",
    newConversation: "New conversation",
    newMessages: "New messages ↓",
    ratingTitle: "How was your conversation?",
    ratingComment: "Anything we could do better? (optional)",
    ratingCommentLabel: "Comment",
    ratingSubmit: "Send rating",
    ratingThanks: "Thanks for your feedback!",
    ratingGiven: function (n) {
      return "Thanks for your feedback! You rated this conversation " + n + " out of 5.";
    },
    stars: ["1 star: poor", "2 stars: fair", "3 stars: good", "4 stars: very good", "5 stars: excellent"],
    powered: "Powered by",
    agent: "Agent",
  },
  zh: {
    title: "在线客服",
    subtitleIdle: "我们通常在几分钟内回复",
    subtitleQueued: "正在等待客服接入",
    subtitleOpen: "客服团队",
    subtitleClosed: "本次会话已结束",
    welcomeTitle: "您好 👋",
    welcomeText: "有任何问题都可以问我们，真人客服为您解答。",
    placeholder: "输入消息…",
    placeholderClosed: "发送消息以开始新的会话…",
    inputLabel: "消息",
    send: "发送",
    minimize: "收起聊天窗口",
    queue: function (n) {
      return "您前面还有 " + (n - 1) + " 位，您当前排在第 " + n + " 位，请稍候。";
    },
    queueNoPosition: "正在等待客服接入…",
    wait: function (seconds) {
      return seconds < 60 ? "预计等待不到 1 分钟。" : "预计等待约 " + Math.round(seconds / 60) + " 分钟。";
    },
    assigned: function (name) {
      return "客服 " + name + " 正在为您服务。";
    },
    typing: function (name) {
      return (name || "客服") + " 正在输入…";
    },
    connecting: "正在连接…",
    reconnecting: "连接已断开，正在重新连接…",
    offline: "您已离线，恢复网络后消息会自动发送。",
    unavailable: "客服暂时不可用，正在重试…",
    sending: "发送中…",
    sent: "已发送",
    seen: "已读",
    failed: "发送失败",
    retry: "重试",
    edit: "编辑",
    remove: "删除",
    earlier: "查看更早的消息",
    newConversation: "新的会话",
    newMessages: "新消息 ↓",
    ratingTitle: "您对本次服务满意吗？",
    ratingComment: "还有什么建议吗？（选填）",
    ratingCommentLabel: "评价内容",
    ratingSubmit: "提交评价",
    ratingThanks: "感谢您的评价！",
    ratingGiven: function (n) {
      return "感谢您的评价！您给本次会话打了 " + n + " 分（满分 5 分）。";
    },
    stars: ["1 星：很差", "2 星：较差", "3 星：一般", "4 星：满意", "5 星：非常满意"],
    powered: "技术支持",
    agent: "客服",
  },
};

/** zh for zh-* locales, else en. */
export function languageOf(locale) {
  return /^zh/i.test(locale || "") ? "zh" : "en";
}

/** The lang attribute for the page in `locale`'s language. */
export function htmlLang(locale) {
  return languageOf(locale) === "zh" ? "zh-CN" : "en";
}

/** The strings for `locale`: its language's, any missing one taken from English. */
export function stringsFor(locale) {
  return Object.assign({}, STRINGS.en, STRINGS[languageOf(locale)]);
}
