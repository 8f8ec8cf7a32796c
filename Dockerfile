# Dockerfile - shakedown's own image, for CI jobs: Debian trixie with
# shakedown, its shared libraries, Debian's Docker CLI (docker-cli) and
# Docker Compose v2 (docker-compose: both `docker compose` and
# `docker-compose` answer), and no Python.  A build stage with the -dev
# packages; a stage that installs the runtime and cleans up; and the
# image, that stage's file system as ONE layer (files removed in a layer
# above a base still count in the base's).
#
#   docker build -t shakedown .
#   docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock \
#       -v "$PWD:/work" -w /work shakedown run specs/
#
# CHROMIUM=1 makes the variant for specs with `browser:` tests: the same
# image with Debian's chromium and fonts-liberation (headless Chromium,
# driven over the DevTools Protocol; a font for its screenshots), still one
# layer, but about 900 MB instead of 190 (chromium and its libraries).  A
# build argument, not a target: the classic builder builds every stage up
# to the target, so a chromium stage would weigh on the plain image's build.
#
#   docker build --build-arg CHROMIUM=1 -t shakedown:chromium .
#
# BASE is a Debian trixie (or later) image; tests/run builds on a base made
# offline with mmdebstrap, since no registry is reachable there.
ARG BASE=debian:trixie-slim
ARG CHROMIUM=0

FROM ${BASE} AS build
RUN apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        build-essential pkg-config ca-certificates libcurl4-openssl-dev \
        libpcre2-dev libxml2-dev libjansson-dev libyaml-dev > /dev/null && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY base base
COPY harness harness
COPY cli cli
COPY assertions assertions
COPY browser browser
COPY reporters reporters
COPY doc doc
COPY specs/schema.json specs/README.md specs/
# The runtime packages are the ones owning the libraries the binary links
# (libcurl4t64 on trixie…): their names follow the release, not this file.
RUN make -j"$(nproc)" shakedown && make install PREFIX=/usr/local && \
    for lib in $(ldd /usr/local/bin/shakedown | awk '$3 ~ /^\// { print $3 }'); do \
        dpkg -S "$lib" 2> /dev/null || dpkg -S "$(realpath "$lib")"; \
    done | cut -d: -f1 | sort -u > /usr/local/share/shakedown/runtime-packages && \
    test -s /usr/local/share/shakedown/runtime-packages

FROM ${BASE} AS runtime
ARG CHROMIUM
COPY --from=build /usr/local /usr/local
# As debian:*-slim does: no documentation, manual pages or translations
# (copyright files stay), now and for packages a derived image adds; what
# the base already had goes too.
RUN printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
        'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
        'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' \
        'path-exclude /usr/share/lintian/*' > /etc/dpkg/dpkg.cfg.d/docker-slim && \
    apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        ca-certificates docker-cli docker-compose \
        $(cat /usr/local/share/shakedown/runtime-packages) \
        $([ "$CHROMIUM" = 1 ] && echo chromium fonts-liberation) > /dev/null && \
    rm /usr/local/share/shakedown/runtime-packages && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/lib/dpkg/*-old \
        /var/log/apt/* /var/log/dpkg.log /usr/share/man/* /usr/share/info/* \
        /usr/share/lintian/* && \
    find /usr/share/doc -depth -mindepth 1 ! -name copyright \
        \( -type d -empty -delete -o ! -type d -delete \) && \
    find /usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + && \
    shakedown --version && docker --version && docker compose version && \
    docker-compose version && \
    { [ "$CHROMIUM" != 1 ] || chromium --headless=new --no-sandbox --version; }

FROM scratch
COPY --from=runtime / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENTRYPOINT ["shakedown"]
CMD ["--help"]
