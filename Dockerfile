# Kefu server image: slim Python, non-root, migrations then the gevent server.
# Built and run by scripts/container-check (docs/deploy.md says what that proves).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KEFU_ENV=production \
    KEFU_INSTANCE_PATH=/app/instance

WORKDIR /app
# The source is bind-mounted for this one step and built in a scratch copy removed in the same
# step: it reaches the image once, installed, with no build/ or *.egg-info left in a layer
# (and no host __pycache__: podman's bind mount does not apply .dockerignore).
# The exact versions of constraints.txt, for the build's own tools too.
RUN --mount=type=bind,target=/tmp/context \
    mkdir /tmp/kefu-src \
    && cd /tmp/context && cp -r pyproject.toml README.md constraints.txt config.py wsgi.py kefu /tmp/kefu-src \
    && find /tmp/kefu-src -name __pycache__ -prune -exec rm -rf {} + \
    && PIP_CONSTRAINT=/tmp/kefu-src/constraints.txt pip install /tmp/kefu-src \
    && rm -rf /tmp/kefu-src \
    && useradd --uid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin kefu \
    && mkdir -p /app/instance && chown 10001:10001 /app/instance

# The embedded SQLite database and generated secret live here: a volume, so they outlive the
# container. Production sets KEFU_DATABASE_URL (PostgreSQL or MySQL) instead.
VOLUME /app/instance
# A number, so Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001
EXPOSE 5000
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/healthz')"
# Production needs KEFU_SECRET_KEY and KEFU_CORS_ORIGINS (and KEFU_DATABASE_URL; see docs/deploy.md).
CMD ["sh", "-c", "kefu init-db && exec kefu serve --host 0.0.0.0 --port 5000"]
