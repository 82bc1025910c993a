"""Extensions, created unbound and bound to the app in create_app."""

from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
socketio = SocketIO()


def end_session_snapshot():
    """End what the context's ORM session read, if it has a session: a Core write on a
    connection of its own should not see an older snapshot, and creating a session only to
    roll it back and close it showed in the message path's profile (docs/performance.md)."""
    if db.session.registry.has():
        db.session.rollback()
