/*
 * What the visitor panel says, per language (en and zh-CN, the same keys in both: a test
 * checks): the routing reason as a sentence, priority, browser and system in words, and
 * the visitor's earlier conversations. Kept beside i18n.js, which is long enough already.
 */

import { LOCALE, languageOf } from "./i18n.js";

export const VISITOR_STRINGS = {
  en: {
    route: {
      leastLoaded: (load, max) => "Assigned to the least busy agent (" + load + " of " + max + " chats)",
      widened: (group) => "; nobody in " + group + " was free, so any agent could take it",
      returning: "Returning visitor: back to the agent who served them",
      nextInRanking: "Assigned to the next least busy agent (the first choice was just taken)",
      waitingGroup: (group) => "Waiting: nobody in " + group + " is free",
      waiting: "Waiting: no agent is free",
      toAgent: (name) => "Transferred to " + name,
      toGroup: (group) => "Transferred to the " + group + " team",
      picked: (name) => "Picked by hand by " + name,
      agentLost: (agent) => "Back in the queue: " + agent + " lost the connection",
      agentLeft: (agent) => "Back in the queue: " + agent + "’s account was deactivated",
      agentNumber: (id) => "agent #" + id,
    },
    priority: {
      high: (p) => "High (+" + p + "): served before others in the queue",
      low: (p) => "Low (" + p + "): served after others in the queue",
    },
    device: {
      sentence: (browser, os) => browser + " on " + os,
      withDevice: (text, device) => text + " · " + device,
      computer: "computer",
      phone: "phone",
      tablet: "tablet",
      webview: "in an app",
      windows10: "Windows 10 or 11",
      weChat: "WeChat",
      qqBrowser: "QQ Browser",
      ucBrowser: "UC Browser",
    },
    localTimeLabel: "Local time",
    localTime: (time, zone) => time + " (" + zone + ")",
    earlier: {
      heading: "Earlier conversations",
      none: "No earlier conversations.",
      loading: "Loading…",
      failed: "Could not load the earlier conversations.",
      more: (n) => "Show more (" + n + ")",
      noAgent: "No agent",
      unrated: "Not rated",
      rated: (n) => n + "/5",
      open: "Open now",
      noText: "No messages",
      item: (date, agent) => "Conversation of " + date + " with " + agent,
      viewing: (date) => "Earlier conversation · " + date,
      back: "Back to the current chat",
    },
  },
  zh: {
    route: {
      leastLoaded: (load, max) => "分配给当前最空闲的客服（" + load + "/" + max + " 个对话）",
      widened: (group) => "；" + group + " 组无人空闲，由其他客服接待",
      returning: "老访客：回到上次接待的客服",
      nextInRanking: "分配给下一位最空闲的客服（首选客服刚被占用）",
      waitingGroup: (group) => "等待中：" + group + " 组暂无空闲客服",
      waiting: "等待中：暂无空闲客服",
      toAgent: (name) => "已转接给 " + name,
      toGroup: (group) => "已转接给 " + group + " 团队",
      picked: (name) => "由 " + name + " 手动接入",
      agentLost: (agent) => "回到排队：" + agent + " 连接已断开",
      agentLeft: (agent) => "回到排队：" + agent + " 的账号已停用",
      agentNumber: (id) => "客服 #" + id,
    },
    priority: {
      high: (p) => "高（+" + p + "）：排队时优先接待",
      low: (p) => "低（" + p + "）：排队时靠后接待",
    },
    device: {
      sentence: (browser, os) => os + " 上的 " + browser,
      withDevice: (text, device) => text + " · " + device,
      computer: "电脑",
      phone: "手机",
      tablet: "平板",
      webview: "应用内",
      windows10: "Windows 10 或 11",
      weChat: "微信",
      qqBrowser: "QQ 浏览器",
      ucBrowser: "UC 浏览器",
    },
    localTimeLabel: "当地时间",
    localTime: (time, zone) => time + "（" + zone + "）",
    earlier: {
      heading: "之前的对话",
      none: "没有之前的对话。",
      loading: "正在加载…",
      failed: "无法加载之前的对话。",
      more: (n) => "显示更多（" + n + "）",
      noAgent: "无客服",
      unrated: "未评分",
      rated: (n) => n + "/5",
      open: "进行中",
      noText: "没有消息",
      item: (date, agent) => date + " 与 " + agent + " 的对话",
      viewing: (date) => "之前的对话 · " + date,
      back: "返回当前对话",
    },
  },
};

/** The panel's words in the dashboard's language. */
export const W = VISITOR_STRINGS[languageOf(LOCALE)];
