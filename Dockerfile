# The dashboard image for docker-compose.yml; Neo4j runs in its own container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY . .
# Editable: the code finds cypher/ and seeds/ beside the tracker package, here in /app.
RUN pip install -e . \
    && useradd --create-home --uid 10001 tracker
USER tracker

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"

# Install the schema (idempotent), then serve the dashboard.
CMD ["sh", "-c", "tracker db init && exec streamlit run app.py --server.address=0.0.0.0 --server.port=8501 --server.headless=true --browser.gatherUsageStats=false"]
