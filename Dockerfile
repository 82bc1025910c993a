# Kefu server image: slim Python, non-root, migrations then the gevent server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    KEFU_ENV=production \
    KEFU_INSTANCE_PATH=/app/instance

WORKDIR /app
COPY pyproject.toml README.md constraints.txt config.py wsgi.py ./
COPY kefu ./kefu
# The exact versions of constraints.txt, for the build's own tools too.
RUN PIP_CONSTRAINT=/app/constraints.txt pip install . \
    && useradd --create-home --uid 10001 kefu \
    && mkdir -p /app/instance && chown kefu:kefu /app/instance

USER kefu
EXPOSE 5000
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/healthz')"
# Production needs KEFU_SECRET_KEY, KEFU_CORS_ORIGINS and KEFU_DATABASE_URL (see README).
CMD ["sh", "-c", "kefu init-db && exec kefu serve --host 0.0.0.0 --port 5000"]
