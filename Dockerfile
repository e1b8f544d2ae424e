# Cocréa: one image for the web, the workers and beat (the command decides which).
#   docker build -t cocrea .
#   docker compose up        (docker-compose.yml: nginx, web, workers, beat, PostgreSQL, Redis)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    COCREA_MODE=production COCREA_DATA_DIR=/var/lib/cocrea MEDIA_ROOT=/var/lib/cocrea/media

# gettext for the catalogues, the PostgreSQL client for `cocrea backup` / `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/cocrea --shell /usr/sbin/nologin cocrea

WORKDIR /opt/cocrea
COPY pyproject.toml README.md ./
COPY src ./src
COPY deploy ./deploy
RUN pip install . \
    && mkdir -p /var/lib/cocrea/static /run/cocrea/metrics \
    && COCREA_DATA_DIR=/tmp/build ALLOWED_HOSTS=build \
       SECRET_KEY=build-only-not-a-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
       cocrea collectstatic --noinput \
    && cp -r /tmp/build/static/. /var/lib/cocrea/static/ && rm -rf /tmp/build \
    && chown -R cocrea:cocrea /var/lib/cocrea /run/cocrea

USER cocrea
VOLUME ["/var/lib/cocrea"]
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000 PROMETHEUS_MULTIPROC_DIR=/run/cocrea/metrics
CMD ["gunicorn", "cocrea.wsgi", "-c", "/opt/cocrea/deploy/gunicorn.conf.py"]
