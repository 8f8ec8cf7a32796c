# Dockerfile - shakedown's own image, for CI jobs: a build stage with the
# -dev packages, and a slim runtime with the shared libraries, the docker
# CLI (copied alone from the build stage: Debian packages it with the
# daemon) and Docker Compose.
#
#   docker build -t shakedown .
#   docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock \
#       -v "$PWD:/work" -w /work shakedown run specs/
#
# BASE picks the Debian release; tests/run builds on a base made offline
# with debootstrap, since no registry is reachable there.
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS build
RUN apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        build-essential pkg-config ca-certificates libcurl4-openssl-dev \
        libpcre2-dev libxml2-dev libjansson-dev libyaml-dev docker.io > /dev/null && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY harness harness
COPY assertions assertions
COPY reporters reporters
COPY doc doc
COPY specs/schema.json specs/README.md specs/
RUN make -j"$(nproc)" shakedown && make install PREFIX=/usr/local

FROM ${BASE}
RUN apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        ca-certificates libcurl4 libpcre2-8-0 libxml2 libjansson4 libyaml-0-2 \
        docker-compose > /dev/null && \
    rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/shakedown /usr/local/bin/shakedown
COPY --from=build /usr/local/share /usr/local/share
COPY --from=build /usr/bin/docker /usr/bin/docker
RUN shakedown --version && docker --version && docker-compose --version
ENTRYPOINT ["shakedown"]
CMD ["--help"]
