"""Email: the SMTP client (smtp), what each email says (letters), and the sweep that sends
what is due (sweep): messages left offline to the team, unread replies to visitors."""
