# shellcheck shell=bash
# engine.sh - this run's objects on the Docker Engine (its label), and waiting for them.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Containers, networks and volumes of this test run (its label).
leftovers() {
	{ docker ps -aq --filter "label=$SHAKEDOWN_LABELS"
	  docker network ls -q --filter "label=$SHAKEDOWN_LABELS"
	  docker volume ls -q --filter "label=$SHAKEDOWN_LABELS"; } 2>/dev/null
}

# Polls (up to $2 s) until the run's container exists / is gone.
wait_for() {
	local want=$1 i
	for i in $(seq 1 $(($2 * 20))); do
		if [ "$want" = up ] && [ -n "$(docker ps -q --filter "label=$SHAKEDOWN_LABELS")" ]; then
			return 0
		fi
		if [ "$want" = gone ] && [ -z "$(leftovers)" ]; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}
