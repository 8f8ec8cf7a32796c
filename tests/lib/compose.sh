# shellcheck shell=bash
# compose.sh - Compose v1 and v2: which are here, and the environment that picks one.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Compose v1 (docker-compose 1.x) and v2 (docker compose, or Debian
# trixie's plugin that scripts/compose-v2.sh puts in a private
# DOCKER_CONFIG): the compose cases run under each one found.
compose_versions=()
case_env=()
V2_CONFIG=

setup_compose() {
	local log="$tmp/compose-v2.log"
	docker-compose version --short 2> /dev/null | grep -q '^1\.' && compose_versions+=(v1)
	if docker compose version > /dev/null 2>&1; then
		compose_versions+=(v2)
	elif scripts/compose-v2.sh "$tmp/docker-config" > "$log" 2>&1; then
		V2_CONFIG=$tmp/docker-config
		compose_versions+=(v2)
	else
		echo "tests/run: no Compose v2: $(tail -n 1 "$log")" >&2
	fi
	echo "tests/run: Compose ${compose_versions[*]:-none}:" \
	    "$(docker-compose version --short 2> /dev/null)" \
	    "$(DOCKER_CONFIG=${V2_CONFIG:-${DOCKER_CONFIG:-$HOME/.docker}} docker compose version --short 2> /dev/null)"
}

compose_has() { [[ " ${compose_versions[*]} " == *" $1 "* ]]; }

compose_env() {
	case $1 in
	v1) echo SHAKEDOWN_COMPOSE=v1 ;;
	v2) echo "SHAKEDOWN_COMPOSE=v2${V2_CONFIG:+ DOCKER_CONFIG=$V2_CONFIG}" ;;
	esac
}
