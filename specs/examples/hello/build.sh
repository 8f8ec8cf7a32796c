#!/usr/bin/env bash
# build.sh [TAG] - builds the demo's Hello World image FROM scratch: Debian's
# static busybox (httpd, sh, wget…) and the site in site/, served by busybox
# httpd on port 80, with a HEALTHCHECK.  No registry is needed.
set -eu
tag=${1:-shakedown-demo/hello:latest}
here=$(cd "$(dirname "$0")" && pwd)
busybox=$(command -v busybox) ||
    { echo "build.sh: busybox is needed (apt-get install busybox-static)" >&2; exit 3; }
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/www" "$ctx/rootfs/tmp"
cp "$busybox" "$ctx/rootfs/bin/busybox"
for applet in sh httpd sleep echo cat head sed test wget nc ls env kill; do
	ln -s busybox "$ctx/rootfs/bin/$applet"
done
cp -R "$here/site/." "$ctx/rootfs/www/"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
EXPOSE 80
HEALTHCHECK --interval=200ms --timeout=1s --retries=3 CMD ["/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
CMD ["/bin/httpd", "-f", "-v", "-p", "80", "-h", "/www"]
DOCKERFILE
if ! docker build -q -t "$tag" "$ctx" > "$ctx/build.log" 2>&1; then
	cat "$ctx/build.log" >&2
	exit 3
fi
echo "$tag"
