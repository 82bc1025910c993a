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


def release_session():
    """End what the context's ORM session read, if it has a session: a Core write on a
    connection of its own should not see an older snapshot, and creating a session only to
    roll it back and close it cost ~6 % of a worker on the message path."""
    if db.session.registry.has():
        db.session.rollback()
