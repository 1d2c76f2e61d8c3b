# ingest: the gateway's HTTP front door. Build from the repository root:
#   docker build -f docker/ingest.Dockerfile -t graduation/ingest .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -pl ingest -am package -DskipTests

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /src/ingest/target/ingest-0.1.0-SNAPSHOT-all.jar /app/ingest.jar
COPY docker/logback.xml /app/logback.xml
USER 10001
EXPOSE 8080
# Ready = Kafka reachable with the configured credentials and registrations loaded.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dlogback.configurationFile=/app/logback.xml", "-jar", "/app/ingest.jar"]
