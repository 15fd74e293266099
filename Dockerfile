# The web app, for docker-compose.yml (Neo4j runs in its own official container there).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY mapper ./mapper
COPY web ./web
COPY seeds ./seeds
# A plain (non-editable) install: the Cypher queries and seed data ship inside the packages.
RUN pip install --no-cache-dir . && mapper geo build
ENV MAPPER_VAR_DIR=/app/var PORT=5000
EXPOSE 5000
# exec: `docker stop`'s SIGTERM reaches mapper serve itself, which then stops cleanly
CMD ["sh", "-c", "mapper init && mapper demo && exec mapper serve --host 0.0.0.0 --port ${PORT}"]
