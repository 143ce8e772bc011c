# The interview practice app: gunicorn + whitenoise, configured from the environment.
# Build:  docker build -t interview-practice .     (see "Deploy with Docker" in README.md)
ARG PYTHON_IMAGE=python:3.12-slim

# ---- build: wheels for every dependency, installed into a virtual environment ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml ./
# The runtime dependencies listed in pyproject.toml (the app itself runs from /app, not as a
# package) are built as wheels, then installed into /opt/venv from those wheels only.
RUN python -m venv /opt/venv \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && /opt/venv/bin/pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt \
    && /opt/venv/bin/pip install --no-cache-dir --no-index --find-links /wheels -r requirements.txt

# ---- runtime: the virtual environment, the code and the collected static files ----
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=false \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# Code and assets stay owned by root: the app user can read them but not change them.
COPY . .
# Static files are collected (hashed and compressed) and the translation catalogues compiled
# (pure Python, no gettext needed) at build time. The settings demand a
# strong SECRET_KEY and ALLOWED_HOSTS with DEBUG=false, so this one command gets a throwaway
# key that exists only in its own environment; nothing secret is stored in the image.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && export SECRET_KEY ALLOWED_HOSTS=build.invalid \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && python manage.py compile_translations --force --verbosity 0 \
    && python -m compileall -q interview \
    && mkdir -p /app/data \
    && chown app:app /app/data

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]
ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "interview.wsgi:application"]
