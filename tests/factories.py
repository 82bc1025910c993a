"""Messages for unit tests, through the one post_message (the product's only path)."""

from kefu.chat.messages import post_message


def visitor_says(principal, client_id, content, **options):
    """A visitor's message: to their active conversation, opening one if none."""
    return post_message(principal, content, client_id=client_id, **options)


def staff_says(principal, conversation_id, client_id, content, **options):
    """An agent's or API key's message into a named conversation."""
    return post_message(
        principal, content, client_id=client_id, conversation_id=conversation_id, **options
    )
