# The DSDT guide as a container: slim Python, dependencies pinned with hashes
# (requirements.lock), a non-root user, the database on the /data volume, and a HEALTHCHECK
# asking the bot's own /healthz. See docs/deployment.md.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM python:3.11-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin dsdt \
 && mkdir /data && chown dsdt:dsdt /data && chmod 700 /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY bot bot
COPY dialogs dialogs
COPY knowledge knowledge
COPY storage storage
RUN /opt/venv/bin/python -m compileall -q /app  # bytecode at build time: a faster start
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/data/dsdt.sqlite3 \
    LOG_FORMAT=json \
    METRICS_PORT=8080
USER dsdt
VOLUME ["/data"]
# 8443: webhook mode (/telegram, /healthz, /metrics, the console); 8080: polling mode's
# /healthz and /metrics (METRICS_PORT) and console.
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-m", "bot.healthcheck"]
# Refuses to start on bad settings or a broken data package (python -m bot --check says why).
CMD ["python", "-m", "bot"]
