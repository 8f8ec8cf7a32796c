#!/usr/bin/env bash
# build.sh [TAG] - builds the todo example's image FROM scratch: Debian's
# static busybox (httpd, sh, sed, awk…), the CGI scripts in site/cgi-bin and
# their shared helpers in lib/, served by busybox httpd on port 80, with a
# HEALTHCHECK.  No registry is needed.  Prints the tag it built.
set -eu
tag=${1:-shakedown-demo/todo:latest}
here=$(cd "$(dirname "$0")" && pwd)
busybox=$(command -v busybox) ||
    { echo "build.sh: busybox is needed (apt-get install busybox-static)" >&2; exit 3; }
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/www" "$ctx/rootfs/app" "$ctx/rootfs/tmp"
chmod 1777 "$ctx/rootfs/tmp"
cp "$busybox" "$ctx/rootfs/bin/busybox"
for applet in sh httpd sleep echo cat head tail sed awk tr cut sort ls \
    mkdir rmdir mv rm date md5sum wc test wget env kill; do
	ln -s busybox "$ctx/rootfs/bin/$applet"
done
cp -R "$here/site/." "$ctx/rootfs/www/"
cp "$here/lib/todo.sh" "$ctx/rootfs/app/todo.sh"
chmod 755 "$ctx/rootfs/www/cgi-bin/"*
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
