"""What runs only under the gevent server: the server itself with its graceful stop, the
background greenlets (presence heartbeat, the routing sweep) and the settled heap. The entry
points (`kefu serve`, wsgi.py) start it; nothing else imports it."""
