"""What Kefu's emails say, in the visitor's language (en, zh-CN) or the team's (en)."""

TEXTS = {
    "en": {
        "reply_subject": "New reply to your conversation #{id}",
        "reply_intro": "Hello {name},\n\nYou have a reply to your conversation:",
        "reply_outro": "Continue the conversation: {link}",
        "transcript_subject": "Your conversation #{id}",
        "file": "[file: {name}]",
        "there": "there",
    },
    "zh-CN": {
        "reply_subject": "您的会话 #{id} 有新回复",
        "reply_intro": "{name}，您好：\n\n您的会话有新的回复：",
        "reply_outro": "继续对话：{link}",
        "transcript_subject": "您的会话 #{id} 记录",
        "file": "[文件：{name}]",
        "there": "",
    },
}


def texts_for(locale):
    if locale and locale.lower().startswith("zh"):
        return TEXTS["zh-CN"]
    return TEXTS["en"]


def offline_notice(conversation_id, name, email, content, link):
    subject = f"Message left by {name} (conversation #{conversation_id})"
    body = (
        f"{name} <{email}> left a message while nobody was available:\n\n"
        f"{content}\n\nPick it up in the Pending list: {link}\n"
    )
    return subject, body


def reply_notice(conversation_id, locale, name, replies, link):
    """`replies`: [(agent name, text)]."""
    texts = texts_for(locale)
    lines = [texts["reply_intro"].format(name=name or texts["there"]).replace(" ,", ","), ""]
    for sender, text in replies:
        lines += [f"{sender}:", text, ""]
    lines.append(texts["reply_outro"].format(link=link))
    return texts["reply_subject"].format(id=conversation_id), "\n".join(lines) + "\n"


def transcript_mail(conversation_id, locale, text):
    return texts_for(locale)["transcript_subject"].format(id=conversation_id), text
