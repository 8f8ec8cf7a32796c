# shellcheck shell=bash
# shards.sh - the shards suite of tests/run: run_shards.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# --shard I/N: every file in exactly one shard, the heaviest shard within
# one file of an even share; CI_NODE_INDEX/CI_NODE_TOTAL as the default;
# --durations weighs files by a past report.
run_shards() {
	local all n i ok log="$tmp/shards.log" total max biggest w
	all=$("$SHAKEDOWN" run --list tests/e2e specs | sort)
	total=$(echo "$all" | xargs stat -c %s | awk '{ t += $1 + 1 } END { print t }')
	biggest=$(echo "$all" | xargs stat -c %s | sort -n | tail -1)
	for n in 1 2 3 5 8; do
		ok=1; max=0
		: > "$tmp/union"
		for i in $(seq 1 "$n"); do
			"$SHAKEDOWN" run --list --shard "$i/$n" tests/e2e specs > "$tmp/shard" || ok=0
			cat "$tmp/shard" >> "$tmp/union"
			w=$(xargs -r stat -c %s < "$tmp/shard" | awk '{ t += $1 + 1 } END { print t + 0 }')
			[ "$w" -gt "$max" ] && max=$w
			[ "$(CI_NODE_INDEX=$i CI_NODE_TOTAL=$n "$SHAKEDOWN" run --list tests/e2e specs)" = "$(cat "$tmp/shard")" ] || ok=0
		done
		{ echo "n=$n heaviest=$max total=$total biggest=$biggest"; sort "$tmp/union" | uniq -d; } > "$log"
		if [ "$ok" = 1 ] && [ "$(sort "$tmp/union")" = "$all" ] &&
		    [ "$max" -le $((total / n + biggest + 1)) ]; then
			pass "shard/union-of-$n-is-the-whole-set"
		else
			fail "shard/union-of-$n-is-the-whole-set" "$log"
		fi
	done
	"$SHAKEDOWN" run --list --shard 1/2 --durations tests/shard/durations.xml \
	    tests/e2e/pass.yaml tests/e2e/chain.yaml tests/e2e/retry.yaml \
	    tests/e2e/session.yaml > "$log" 2>&1
	if [ "$(cat "$log")" = tests/e2e/pass.yaml ]; then
		pass "shard/durations"
	else
		fail "shard/durations" "$log"
	fi
}
