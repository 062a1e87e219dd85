# flnet in production: PostgreSQL by FLNET_DATABASE_URL (or the embedded SQLite file in the /data volume).
#   docker build -t flnet .
#   docker run -p 8080:8080 -v flnet-data:/data -e FLNET_STORAGE_SECRET=... [-e FLNET_DATABASE_URL=postgres://...] flnet
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FLNET_ENV=production \
    FLNET_DATA_DIR=/data \
    FLNET_HOST=0.0.0.0 \
    FLNET_PORT=8080 \
    NICEGUI_STORAGE_PATH=/data/nicegui

RUN useradd --create-home --uid 10001 flnet && mkdir -p /data && chown flnet:flnet /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY flnet_ui ./flnet_ui
COPY models ./models
COPY pages ./pages
COPY locales ./locales
RUN pip install --no-cache-dir . && rm -rf /root/.cache

USER flnet
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"

# Migrations first (they say what they applied), then serve; serve would apply them too, but a failed migration
# should stop the container before it answers anything.
CMD ["sh", "-c", "flnet migrate && exec flnet serve"]
