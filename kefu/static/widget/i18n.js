/*
 * What the widget says, per language. English is the default; Chinese is
 * chosen for zh-* locales (the loader's data-locale, else the browser's).
 * Pure data and lookups: no DOM.
 */

import { NOTICES_EN } from "./core/notice-text.js";

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
    placeholderClosed: "Start a new conversation…",
    inputLabel: "Message",
    send: "Send message",
    minimize: "Minimize chat",
    queue: function (n) {
      return "You are number " + n + " in line. An agent will be with you shortly.";
    },
    queueNoPosition: "Waiting for an agent to join…",
    // Two sentences in one line (a space between; none in Chinese, after "。").
    joinSentences: function (first, second) {
      return first + " " + second;
    },
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
    attach: "Attach a file",
    dropHere: "Drop files here to send them",
    fileEmpty: function (name) {
      return "“" + name + "” is empty.";
    },
    fileTooLarge: function (name, size, max) {
      return "“" + name + "” is " + size + ": files may be at most " + max + ".";
    },
    fileType: function (name, types) {
      return "“" + name + "” cannot be sent. Allowed file types: " + types + ".";
    },
    tooManyFiles: function (n) {
      return "Send at most " + n + " files at a time.";
    },
    uploading: function (percent) {
      return "Uploading, " + percent + "%";
    },
    uploadingState: "Uploading…",
    uploadFailed: "The upload failed. Check your connection and try again.",
    openImage: function (name) {
      return "Open image " + name;
    },
    download: function (name, size) {
      return "Download " + name + " (" + size + ")";
    },
    imageViewer: "Image",
    closeImage: "Close",
    downloadImage: "Download",
    dismiss: "Dismiss",
    // The server's reasons are English: other languages give their own for the codes they know.
    serverErrors: {},
    charsLeft: function (n) {
      return n === 1 ? "1 character left" : n.toLocaleString("en") + " characters left";
    },
    charsOver: function (n) {
      return n === 1 ? "1 character too many" : n.toLocaleString("en") + " characters too many";
    },
    tooLong: function (over, limit) {
      return "Your message is " + over.toLocaleString("en") + (over === 1 ? " character" : " characters") +
        " too long: a message may hold at most " + limit.toLocaleString("en") + ".";
    },
    emoji: "Insert emoji",
    emojiPanel: "Emoji",
    subtitleAway: "No one is available right now",
    subtitleAfterHours: "We are outside our business hours",
    subtitlePending: "We will reply by email",
    queueNobody: "No agent is online right now. You will get an answer as soon as one is back.",
    queueOffline: function (n) {
      return "You are number " + n + " in line. No agent is online right now: you will get an answer as soon as one is back.";
    },
    pendingLine: "We got your message and will reply by email as soon as we can.",
    offlineTitle: "We are away right now",
    offlineText: "Leave us a message and we will reply by email.",
    afterHoursTitle: "We are closed right now",
    afterHoursText: "Leave us a message and we will reply by email when we are back.",
    offlineSubmit: "Leave a message",
    offlineThanks: function (name, email) {
      return "Thanks, " + name + "! We will reply to " + email + " as soon as we can.";
    },
    formName: "Your name",
    formEmail: "Email",
    formMessage: "Your message",
    formRequired: "Please fill this in.",
    formEmailInvalid: "Enter an email address like name@example.com.",
    formChoose: "Choose…",
    formFailed: "That did not go through. Please try again.",
    formRequiredMark: "required",
    prechatTitle: "Before we start",
    prechatText: "Tell us a little about you, so the right person can help.",
    prechatSubmit: "Start chatting",
    prechatTopic: "What is it about?",
    // System notices by code (kefu/chat/notices.py), in the visitor's language
    notices: NOTICES_EN,
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
      return n === 1 ? "您排在第 1 位，客服很快就会接待您。" :
        "您前面还有 " + (n - 1) + " 位，您当前排在第 " + n + " 位，请稍候。";
    },
    joinSentences: function (first, second) {
      return first + second;
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
    attach: "添加附件",
    dropHere: "将文件拖放到这里即可发送",
    fileEmpty: function (name) {
      return "“" + name + "”是空文件。";
    },
    fileTooLarge: function (name, size, max) {
      return "“" + name + "”大小为 " + size + "，文件不能超过 " + max + "。";
    },
    fileType: function (name, types) {
      return "无法发送“" + name + "”。支持的文件类型：" + types.replace(/, /g, "、") + "。";
    },
    tooManyFiles: function (n) {
      return "一次最多发送 " + n + " 个文件。";
    },
    uploading: function (percent) {
      return "正在上传，" + percent + "%";
    },
    uploadingState: "上传中…",
    uploadFailed: "上传失败，请检查网络后重试。",
    openImage: function (name) {
      return "查看大图 " + name;
    },
    download: function (name, size) {
      return "下载 " + name + "（" + size + "）";
    },
    imageViewer: "图片",
    closeImage: "关闭",
    downloadImage: "下载",
    dismiss: "关闭提示",
    serverErrors: {
      file_too_large: "文件过大，无法发送。",
      unsupported_type: "不支持发送此类文件。",
      message_too_long: "消息过长，无法发送。",
      rate_limited: "发送过于频繁，请稍后再试。",
    },
    charsLeft: function (n) {
      return "还可输入 " + n.toLocaleString("zh-CN") + " 字";
    },
    charsOver: function (n) {
      return "已超出 " + n.toLocaleString("zh-CN") + " 字";
    },
    tooLong: function (over, limit) {
      return "消息超出 " + over.toLocaleString("zh-CN") + " 字，每条消息最多 " + limit.toLocaleString("zh-CN") + " 字。";
    },
    emoji: "插入表情",
    emojiPanel: "表情",
    subtitleAway: "客服暂时不在线",
    subtitleAfterHours: "当前为非工作时间",
    subtitlePending: "我们会通过邮件回复您",
    queueNobody: "当前没有客服在线，客服上线后会第一时间回复您。",
    queueOffline: function (n) {
      return "您当前排在第 " + n + " 位。目前没有客服在线，客服上线后会第一时间回复您。";
    },
    pendingLine: "我们已收到您的留言，会尽快通过邮件回复您。",
    // Not the header's words again ("客服暂时不在线", "当前为非工作时间").
    offlineTitle: "给我们留言",
    offlineText: "留下您的问题，我们会尽快通过邮件回复您。",
    afterHoursTitle: "给我们留言",
    afterHoursText: "留下您的问题，我们上班后会尽快通过邮件回复您。",
    offlineSubmit: "提交留言",
    offlineThanks: function (name, email) {
      return "谢谢您，" + name + "！我们会尽快回复到 " + email + "。";
    },
    formName: "您的称呼",
    formEmail: "电子邮箱",
    formMessage: "留言内容",
    formRequired: "请填写此项。",
    formEmailInvalid: "请输入有效的邮箱地址，例如 name@example.com。",
    formChoose: "请选择…",
    formFailed: "提交失败，请重试。",
    formRequiredMark: "必填",
    prechatTitle: "开始咨询前",
    prechatText: "请留下您的信息，以便合适的客服为您服务。",
    prechatSubmit: "开始咨询",
    prechatTopic: "咨询类型",
    notices: {
      closed: () => "会话已结束。",
      closed_inactive: (p) => "会话因 " + p.minutes + " 分钟无新消息已自动结束。",
      transferred_to_agent: (p) => "已转接给 " + p.agent + "。",
      transferred_to_group: (p) => "已转接至" + p.group + "组。",
      agent_lost: () => "客服连接已断开，正在为您寻找其他客服…",
      agent_left: () => "当前客服已离开，正在为您寻找其他客服…",
    },
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

/** What to tell the visitor of a server `error`: their language's text for its code, else the server's. */
export function errorText(error, T) {
  if (!error) return "";
  return (T.serverErrors && T.serverErrors[error.code]) || error.message || "";
}

/**
 * A label the team set (settings): a string, or {locale: text} as {"en": "Name", "zh-CN": "姓名"},
 * read in `locale`: that locale, else its language, else English, else any.
 */
export function localized(label, locale) {
  if (typeof label === "string") return label;
  if (!label || typeof label !== "object") return "";
  const wanted = String(locale || "en").toLowerCase();
  const keys = Object.keys(label).filter((k) => typeof label[k] === "string" && label[k]);
  const byKey = (test) => keys.find((k) => test(k.toLowerCase()));
  const language = wanted.split("-")[0];
  const key = byKey((k) => k === wanted) || byKey((k) => k.split("-")[0] === language) ||
    byKey((k) => k === "en" || k.startsWith("en-")) || keys[0];
  return key ? label[key] : "";
}

/** The strings for `locale`: its language's, any missing one taken from English. */
export function stringsFor(locale) {
  return Object.assign({}, STRINGS.en, STRINGS[languageOf(locale)]);
}
