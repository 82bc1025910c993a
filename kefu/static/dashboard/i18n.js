/*
 * What the dashboard's composer tools say (notes, files, canned responses,
 * left messages), per language. English is the default; Chinese for zh-*
 * (`?lang=zh-CN`, else the saved choice, else the browser's language).
 * Pure data and lookups: no DOM. Modelled on widget/i18n.js.
 */

export const STRINGS = {
  en: {
    navInbox: "Inbox",
    navReports: "Reports",
    navAdmin: "Admin",
    navLabel: "Kefu pages",
    alertsOn: "Sound on",
    alertsOff: "Sound off",
    alertsHint: "A chime for a new conversation and for a visitor's message you are not looking at",
    alertsDesktop: "Desktop alerts",
    alertsDesktopHint: "Show a notification on your desktop while the dashboard is not in front",
    alertNewConversation: (name) => "New conversation: " + name,
    alertNewMessage: (name) => name + " wrote",
    replyMode: "Reply",
    noteMode: "Note",
    noteToggle: "Switch between a reply to the visitor and a private note",
    replyPlaceholder: "Write a reply…",
    notePlaceholder: "Private note — only your team sees this",
    sendReply: "Send",
    sendNote: "Add note",
    noteLabel: "Note",
    noteLock: "Private note: only your team sees this",
    attach: "Attach a file",
    dropHere: "Drop files here to send them",
    uploading: (percent) => "Uploading, " + percent + "%",
    uploadingState: "Uploading…",
    uploadFailed: "The upload failed. Check your connection and try again.",
    retry: "Retry",
    remove: "Delete",
    edit: "Edit",
    failed: "Not sent",
    sending: "Sending…",
    sent: "Sent",
    seen: "Seen",
    openImage: (name) => "Open image " + name,
    download: (name, size) => "Download " + name + " (" + size + ")",
    closeImage: "Close",
    downloadImage: "Download",
    fileTooLarge: (name, size, max) => "“" + name + "” is " + size + ": files may be at most " + max + ".",
    fileType: (name) => "“" + name + "” cannot be sent: this file type is not allowed.",
    fileEmpty: (name) => "“" + name + "” is empty.",
    cannedTitle: "Canned responses",
    cannedOpen: "Canned responses",
    cannedNone: "No canned response starts with that shortcut.",
    cannedHint: "↑↓ to choose · Enter or Tab to insert · Esc to close",
    cannedShortcut: "Shortcut",
    cannedContent: "Response",
    cannedScope: "Visible to",
    cannedPersonal: "Only me",
    cannedTeam: "The whole team",
    cannedVariables: "Variables: {{visitor.name}}, {{visitor.email}}, {{agent.name}}",
    cannedAdd: "Add response",
    cannedSave: "Save",
    cannedEdit: "Edit",
    cannedDelete: "Delete",
    cannedCancel: "Cancel",
    cannedDone: "Done",
    cannedEmpty: "No canned responses yet. Add one below.",
    cannedConfirmDelete: (shortcut) => "Delete the canned response /" + shortcut + "?",
    cannedTeamBadge: "Team",
    pendingHeading: "Left a message",
    pendingEmpty: "No messages waiting for a reply.",
    pendingTab: "Left a message",
    pick: "Pick",
    pickLabel: (name) => "Pick conversation with " + name,
    pendingPreviewNone: "Left a message",
    historyTab: "History",
    historySearch: "Name, email or words said",
    historySearchLabel: "Search closed conversations",
    historyEmpty: "No closed conversations yet.",
    historyNoMatch: (text) => "No closed conversation matches “" + text + "”.",
    historyMore: "Show more",
    historyFailed: "The history could not be loaded. Try again.",
    historyMeta: (agent, rating) => (agent ? "with " + agent : "no agent") + (rating ? " · " + rating + "/5" : ""),
    serverErrors: {
      file_too_large: "The file is too large to send.",
      unsupported_type: "This file type cannot be sent.",
      network_error: "The upload failed. Check your connection and try again.",
    },
  },
  zh: {
    navInbox: "收件箱",
    navReports: "报表",
    navAdmin: "管理",
    navLabel: "Kefu 页面",
    alertsOn: "提示音开",
    alertsOff: "提示音关",
    alertsHint: "有新对话、或您未在查看的对话收到访客消息时播放提示音",
    alertsDesktop: "桌面通知",
    alertsDesktopHint: "控制台不在前台时，在桌面上显示通知",
    alertNewConversation: (name) => "新对话：" + name,
    alertNewMessage: (name) => name + " 发来消息",
    replyMode: "回复",
    noteMode: "备注",
    noteToggle: "在回复访客和内部备注之间切换",
    replyPlaceholder: "输入回复…",
    notePlaceholder: "内部备注 — 仅团队成员可见",
    sendReply: "发送",
    sendNote: "添加备注",
    noteLabel: "备注",
    noteLock: "内部备注：仅团队成员可见",
    attach: "添加附件",
    dropHere: "将文件拖放到这里即可发送",
    uploading: (percent) => "正在上传，" + percent + "%",
    uploadingState: "上传中…",
    uploadFailed: "上传失败，请检查网络后重试。",
    retry: "重试",
    remove: "删除",
    edit: "编辑",
    failed: "未发送",
    sending: "发送中…",
    sent: "已发送",
    seen: "已读",
    openImage: (name) => "查看大图 " + name,
    download: (name, size) => "下载 " + name + "（" + size + "）",
    closeImage: "关闭",
    downloadImage: "下载",
    fileTooLarge: (name, size, max) => "“" + name + "”大小为 " + size + "，文件不能超过 " + max + "。",
    fileType: (name) => "无法发送“" + name + "”：不支持此类文件。",
    fileEmpty: (name) => "“" + name + "”是空文件。",
    cannedTitle: "快捷回复",
    cannedOpen: "快捷回复",
    cannedNone: "没有以此开头的快捷回复。",
    cannedHint: "↑↓ 选择 · Enter 或 Tab 插入 · Esc 关闭",
    cannedShortcut: "快捷指令",
    cannedContent: "回复内容",
    cannedScope: "可见范围",
    cannedPersonal: "仅自己",
    cannedTeam: "整个团队",
    cannedVariables: "变量：{{visitor.name}}、{{visitor.email}}、{{agent.name}}",
    cannedAdd: "新增快捷回复",
    cannedSave: "保存",
    cannedEdit: "编辑",
    cannedDelete: "删除",
    cannedCancel: "取消",
    cannedDone: "完成",
    cannedEmpty: "还没有快捷回复，可在下方添加。",
    cannedConfirmDelete: (shortcut) => "删除快捷回复 /" + shortcut + "？",
    cannedTeamBadge: "团队",
    pendingHeading: "留言",
    pendingEmpty: "没有待回复的留言。",
    pendingTab: "留言",
    pick: "接入",
    pickLabel: (name) => "接入与 " + name + " 的会话",
    pendingPreviewNone: "访客留言",
    historyTab: "历史记录",
    historySearch: "姓名、邮箱或对话内容",
    historySearchLabel: "搜索已关闭的对话",
    historyEmpty: "还没有已关闭的对话。",
    historyNoMatch: (text) => "没有与“" + text + "”匹配的已关闭对话。",
    historyMore: "显示更多",
    historyFailed: "无法加载历史记录，请重试。",
    historyMeta: (agent, rating) => (agent ? "客服：" + agent : "无客服") + (rating ? " · " + rating + "/5" : ""),
    serverErrors: {
      file_too_large: "文件过大，无法发送。",
      unsupported_type: "不支持发送此类文件。",
      network_error: "上传失败，请检查网络后重试。",
    },
  },
};

const SAVED_KEY = "kefu.dashboard.lang";

/** zh for zh-* locales, else en. */
export function languageOf(locale) {
  return /^zh/i.test(locale || "") ? "zh" : "en";
}

/** The locale asked for: the page's ?lang=, else the saved choice, else the browser's. */
export function pickLocale(search, saved, browser) {
  const match = /[?&]lang=([^&]+)/.exec(search || "");
  if (match) return decodeURIComponent(match[1]);
  return saved || browser || "en";
}

/** A server error ({code, message}) as a sentence: the server's own message first. */
export function errorText(error, T) {
  if (!error) return "";
  if (error.message) return error.message;
  return (T.serverErrors && T.serverErrors[error.code]) || error.code || "";
}

function detectLocale() {
  if (typeof window === "undefined") return "en";
  let saved = null;
  try {
    const asked = /[?&]lang=([^&]+)/.exec(window.location.search);
    if (asked) window.localStorage.setItem(SAVED_KEY, decodeURIComponent(asked[1]));
    saved = window.localStorage.getItem(SAVED_KEY);
  } catch (err) {
    saved = null;
  }
  return pickLocale(window.location.search, saved, navigator.language);
}

export const LOCALE = detectLocale();
export const T = STRINGS[languageOf(LOCALE)];
