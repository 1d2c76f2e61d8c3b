# streams-app: the topology, the query API and the dashboard. Build from the repository root:
#   docker build -f docker/streams-app.Dockerfile -t graduation/streams-app .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The local module's shaded jar holds streams-app and everything it needs (its README runs
# StreamsMain from it); the embedded broker inside it is never started here.
RUN mvn -B -ntp -q -pl local -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/data && chown app /app/data
WORKDIR /app
COPY --from=build /src/local/target/graduation-local.jar /app/graduation.jar
COPY docker/logback.xml /app/logback.xml
USER 10001
# State stores (RocksDB) live here: mount a volume so that a restart restores from disk, not
# from the changelogs.
VOLUME /app/data
EXPOSE 8090
# Ready = the Kafka Streams client is RUNNING (see streams-app/README.md, "Failures").
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8090/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=/app/logback.xml", "-cp", "/app/graduation.jar", "dev.graduation.streams.StreamsMain"]
