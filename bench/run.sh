#!/usr/bin/env bash
# run.sh runs the benchmarks recorded in ../BENCHMARKS.md with -benchmem
# -count=6 and prints one benchstat table per goal, the baseline in the
# first column and each variant's ratio to it.
#
#   bench/run.sh                  # every group (about 9 minutes on 2 cores: 505 s measured)
#   bench/run.sh decode overhead  # only some groups:
#                                 #   overhead decode heap domain transfer jutda
#   COUNT=3 bench/run.sh          # fewer runs (default 6)
#
# Raw results go to bench/results/ (or $OUT). benchstat is installed with
# go install at the pinned version below when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")"

BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf
COUNT=${COUNT:-6}
OUT=${OUT:-results}
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(overhead decode heap domain transfer jutda)
mkdir -p "$OUT"

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
	go install "golang.org/x/perf/cmd/benchstat@${BENCHSTAT_VERSION}"
	benchstat="$(go env GOPATH)/bin/benchstat"
fi

{
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "go: $(go version)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"

run() { # name, go test arguments...
	local name=$1
	shift
	echo "== $name: go test $*" >&2
	go test -run '^$' "$@" | tee "$OUT/$name.txt" | grep -E '^(Benchmark|ok|FAIL|---)' >&2
}

start=$SECONDS
for g in "${groups[@]}"; do
	case $g in
	overhead)
		run overhead -bench 'BenchmarkSearchRead80$' -benchmem -count="$COUNT" .
		;;
	decode)
		# One core (-cpu=1): MB/s is of the JSON reply decoded on one core.
		run decode -bench 'BenchmarkDecode10k$' -benchmem -count="$COUNT" -cpu=1 .
		(cd .. && go test -run '^$' -bench 'BenchmarkDecodeSearchRead$' -benchmem -count="$COUNT" -cpu=1 ./odoo) |
			tee "$OUT/decode-only.txt" | grep -E '^(Benchmark|ok|FAIL)' >&2
		;;
	heap)
		# One pass per run: peak-MiB is a maximum, not a mean of many loops.
		run heap -bench 'BenchmarkAllHeap100k$' -benchtime=1x -count="$COUNT" .
		;;
	domain)
		run domain -bench 'BenchmarkDomain50$' -benchmem -count="$COUNT" .
		;;
	transfer)
		# Requests of a one-ticket transfer for 1 to 100 messages, followers
		# and attachments (the test fails unless the count is constant),
		# then tickets/s of 200 tickets, per-record baseline first.
		(cd .. && go test -count=1 -run 'TestTransferRoundTrips$' -v ./helpdesk) |
			grep -E 'requests:|^=== RUN|^(--- |ok|FAIL)' | sed 's/: \[.*//' | tee "$OUT/transfer-roundtrips.txt" >&2
		(cd .. && go test -run '^$' -bench 'BenchmarkTransfer$' -benchtime=1x -count="$COUNT" ./helpdesk) |
			tee "$OUT/transfer.txt" | grep -E '^(Benchmark|ok|FAIL)' >&2
		;;
	jutda)
		run jutda -bench 'BenchmarkJutdaCreateTicket$' -benchmem -count="$COUNT" .
		;;
	*)
		echo "unknown group $g (want overhead, decode, heap, domain, transfer or jutda)" >&2
		exit 2
		;;
	esac
done

echo
for g in "${groups[@]}"; do
	echo "### $g"
	if [ "$g" = transfer ]; then
		cat "$OUT/transfer-roundtrips.txt"
		"$benchstat" "$OUT/transfer.txt"
		continue
	fi
	"$benchstat" -col /impl "$OUT/$g.txt" || "$benchstat" "$OUT/$g.txt"
	if [ "$g" = decode ]; then
		echo "### decode-only (odoo package, no HTTP)"
		"$benchstat" "$OUT/decode-only.txt"
	fi
	echo
done
echo "total: $((SECONDS - start)) s"
