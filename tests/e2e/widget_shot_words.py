"""What is said and shown in the widget's screenshots (test_widget_screenshots.py): the
people's messages per locale, and the widget's own texts (kefu/static/widget/i18n.js) that
each picture checks before it is taken."""

import re

# What people say in the pictures, per locale.
SAY = {
    "en": {
        "agent": "Mei Chen",
        "ask": "Hi! Can I still change the delivery address for order #1042?",
        "answer": "Yes, it has not shipped yet. What is the new address?",
        "address": "12 Harbour Street, Leeds LS1 4AB",
        "confirm": "Done: order #1042 now goes to 12 Harbour Street.",
        "later": "Your parcel left our warehouse this morning.",
        "tracking": "Tracking number LL-2026-1042. It should arrive on Monday.",
        "tin": "The lid of one tin arrived dented, see the photo.",
        "sorry": "Sorry about that! Send it back with this label, a new tin is on its way.",
        "comment": "Quick and friendly, thank you!",
        "blocker": "Hello, a question about teaware.",
        "in_line": "Is anyone free to help with an order?",
        "nobody": "Hello? I would like to return a teapot.",
        "visitor": ("Jane Doe", "jane@example.com"),
        "offline": "Do you ship to Norway? I would like two tins of the spring oolong.",
        "counter": "The tin arrived with a dented lid, and the tea inside smells of smoke. ",
        "emoji": "Thanks for your help ",
        "still_there": "Are you still there?",
        "busy": "Can I pay by bank transfer?",
        "phone_ask": "Do you ship to Canada?",
        "phone_answer": "Yes: 5 to 8 working days, and free over $60.",
    },
    "zh-CN": {
        "agent": "王芳",
        "ask": "您好！订单 #1042 还能修改收货地址吗？",
        "answer": "可以，订单还没有发货。新的地址是哪里？",
        "address": "上海市徐汇区漕溪北路 88 号",
        "confirm": "已修改：订单 #1042 将寄往漕溪北路 88 号。",
        "later": "您的包裹今天上午已从仓库发出。",
        "tracking": "快递单号 LL-2026-1042，预计周一送达。",
        "tin": "有一罐的盖子压坏了，请看照片。",
        "sorry": "非常抱歉！请用这张标签寄回，我们会给您补寄一罐。",
        "comment": "回复很快，态度很好，谢谢！",
        "blocker": "你好，想咨询一下茶具。",
        "in_line": "请问有人可以帮我看一下订单吗？",
        "nobody": "你好？我想退一个茶壶。",
        "visitor": ("李娜", "lina@example.com"),
        "offline": "请问可以寄到挪威吗？我想订两罐春季乌龙茶。",
        "counter": "收到的茶叶罐盖子被压坏了，里面的茶叶还有一股烟味。",
        "emoji": "谢谢您的帮助",
        "still_there": "您还在吗？",
        "busy": "可以用银行转账付款吗？",
        "phone_ask": "可以寄到加拿大吗？",
        "phone_answer": "可以，5 到 8 个工作日送达，满 60 美元包邮。",
    },
}

# What the widget says (kefu/static/widget/i18n.js), checked before each picture.
WIDGET = {
    "en": {
        "greeting": "Hi there 👋",
        "queued": re.compile(r"^You are number 1 in line\. .* Estimated wait: about \d+ min\.$"),
        "nobody": "You are number 1 in line. No agent is online right now: "
        "you will get an answer as soon as one is back.",
        "away_title": "We are away right now",
        "thanks": "Thanks, Jane Doe! We will reply to jane@example.com as soon as we can.",
        "prechat_title": "Before we start",
        "assigned": "You are chatting with Mei Chen.",
        "seen": "Seen",
        "closed": "The conversation was closed.",
        "rating": "How was your conversation?",
        "refused": "“setup.exe” cannot be sent. Allowed file types: "
        "PNG, JPEG, GIF, WEBP, PDF, TXT, CSV, DOCX, XLSX, ZIP.",
        "uploading": "Uploading…",
        "chars_left": "120 characters left",
        "emoji": "Emoji",
        "image": "Image",
        "reconnecting": "Connection lost. Reconnecting…",
        "sending": "Sending…",
        "open_image": "Open image return-label.png",
        "unread": "Open chat (2 unread)",
    },
    "zh-CN": {
        "greeting": "您好 👋",
        "queued": re.compile(r"^您排在第 1 位，客服很快就会接待您。预计等待约 \d+ 分钟。$"),
        "nobody": "您当前排在第 1 位。目前没有客服在线，客服上线后会第一时间回复您。",
        "away_title": "给我们留言",
        "thanks": "谢谢您，李娜！我们会尽快回复到 lina@example.com。",
        "prechat_title": "开始咨询前",
        "assigned": "客服 王芳 正在为您服务。",
        "seen": "已读",
        "closed": "会话已结束。",
        "rating": "您对本次服务满意吗？",
        "refused": "无法发送“setup.exe”。支持的文件类型："
        "PNG、JPEG、GIF、WEBP、PDF、TXT、CSV、DOCX、XLSX、ZIP。",
        "uploading": "上传中…",
        "chars_left": "还可输入 120 字",
        "emoji": "表情",
        "image": "图片",
        "reconnecting": "连接已断开，正在重新连接…",
        "sending": "发送中…",
        "open_image": "查看大图 return-label.png",
        "unread": "打开在线客服（2 条未读）",
    },
}

PRECHAT_SETTINGS = {
    "prechat": {
        "enabled": True,
        "fields": [
            {"name": "name", "label": {"en": "Your name", "zh-CN": "您的姓名"}, "required": True},
            {"name": "email", "label": {"en": "Email", "zh-CN": "电子邮箱"}, "type": "email"},
            {"name": "order", "label": {"en": "Order number", "zh-CN": "订单号"}},
        ],
    },
    "skill_groups": [
        {"name": "sales", "label": {"en": "Sales", "zh-CN": "售前咨询"}},
        {"name": "billing", "label": {"en": "Billing", "zh-CN": "账单与付款"}},
    ],
}
