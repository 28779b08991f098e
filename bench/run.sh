#!/usr/bin/env bash
# run.sh runs the benchmarks recorded in ../BENCHMARKS.md and prints one
# benchstat table per group, the baseline in the first column and each
# variant's ratio to it.
#
# Variants are interleaved: each group's test binary is built once, then
# every round runs each variant once (-test.count=1, one process per
# variant), COUNT rounds in all, so that load from other work on the
# machine falls on all variants alike instead of on whichever variant ran
# its repetitions back to back while the load lasted.
#
#   bench/run.sh                  # every group, COUNT=6 rounds
#   bench/run.sh decode overhead  # only some groups:
#                                 #   overhead decode heap domain transfer jutda
#   COUNT=3 bench/run.sh          # fewer rounds
#
# Raw results go to bench/results/ (or $OUT). benchstat is installed with
# go install at the pinned version below when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD

BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf
COUNT=${COUNT:-6}
OUT=${OUT:-results}
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(overhead decode heap domain transfer jutda)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

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
	echo "method: $COUNT rounds, each running every variant once (-test.count=1), variants interleaved"
} | tee "$OUT/machine.txt"

# binary builds the test binary of a package ("bench", or a package of
# the SDK module such as "odoo" or "helpdesk") once per group.
declare -A built
binary() {
	local pkg=$1 bin="$OUT/$1.test"
	if [ -z "${built[$pkg]:-}" ]; then
		if [ "$pkg" = bench ]; then
			go test -c -o "$bin" .
		else
			(cd .. && go test -c -o "$bin" "./$pkg")
		fi
		built[$pkg]=1
	fi
	echo "$bin"
}

# interleave name pkg "flags" variant... runs COUNT rounds of every
# variant (a -test.bench pattern) of package pkg's benchmarks, appending
# to $OUT/name.txt.
interleave() {
	local name=$1 pkg=$2 flags=$3
	shift 3
	local bin dir
	bin=$(binary "$pkg")
	dir=$here
	[ "$pkg" != bench ] && dir="$here/../$pkg"
	: >"$OUT/$name.txt"
	echo "== $name: $COUNT rounds x ${#@} variants: $pkg.test -test.run '^\$' $flags -test.count=1 -test.bench <variant>" >&2
	for round in $(seq "$COUNT"); do
		for v in "$@"; do
			# shellcheck disable=SC2086
			(cd "$dir" && "$bin" -test.run '^$' $flags -test.count=1 -test.bench "$v") |
				tee -a "$OUT/$name.txt" | grep -E '^(Benchmark|FAIL|---)' | sed "s/^/[$round] /" >&2
		done
	done
}

start=$SECONDS
for g in "${groups[@]}"; do
	case $g in
	overhead)
		interleave overhead bench "-test.benchmem" \
			'^BenchmarkSearchRead80$/^impl=nethttp-json$' \
			'^BenchmarkSearchRead80$/^impl=deskbridge-typed$' \
			'^BenchmarkSearchRead80$/^impl=deskbridge-maps$'
		;;
	decode)
		# One core (-test.cpu=1): MB/s is of the JSON reply decoded on one
		# core. The SDK's whole call and the JSON libraries (contenders)
		# are interleaved in the same rounds.
		interleave decode bench "-test.benchmem -test.cpu=1" \
			'^BenchmarkDecode10k$/^impl=goodoo-xmlrpc$' \
			'^BenchmarkDecode10k$/^impl=goodoo-full$' \
			'^BenchmarkDecode10k$/^impl=deskbridge-typed$' \
			'^BenchmarkDecode10k$/^impl=deskbridge-maps$' \
			'^BenchmarkDecode10k$/^impl=nethttp-jsonv2$' \
			'^BenchmarkDecode10k$/^impl=nethttp-json$'
		interleave contenders bench "-test.benchmem -test.cpu=1" \
			'^BenchmarkDecodeContenders$/^impl=deskbridge-typed-call$' \
			'^BenchmarkDecodeContenders$/^impl=sonic-zerocopy$' \
			'^BenchmarkDecodeContenders$/^impl=sonic-copy$' \
			'^BenchmarkDecodeContenders$/^impl=goccy$' \
			'^BenchmarkDecodeContenders$/^impl=jsonv2$' \
			'^BenchmarkDecodeContenders$/^impl=encoding-json$'
		interleave decode-only odoo "-test.benchmem -test.cpu=1" \
			'^BenchmarkDecodeSearchRead$/^typed$/^odoo-false$' \
			'^BenchmarkDecodeSearchRead$/^typed-encoding-json-path$/^odoo-false$' \
			'^BenchmarkDecodeSearchRead$/^typed$/^no-false$' \
			'^BenchmarkDecodeSearchRead$/^maps$' \
			'^BenchmarkDecodeSearchRead$/^baseline$/^encoding-json-same-types$'
		;;
	heap)
		# One pass per run: peak figures are maxima, not means of many loops.
		variants=()
		for api in Model.All helpdesk.Tickets.All; do
			for impl in baseline-all-at-once All-page100 All-page1000 All-page5000; do
				variants+=("^BenchmarkAllHeap100k$/^api=$api$/^impl=$impl$")
			done
		done
		interleave heap bench "-test.benchtime=1x" "${variants[@]}"
		;;
	domain)
		variants=()
		for op in encode parse; do
			for impl in 'baseline-json-\[\]any' deskbridge-json deskbridge-python; do
				variants+=("^BenchmarkDomain50$/^op=$op$/^impl=$impl$")
			done
		done
		interleave domain bench "-test.benchmem" "${variants[@]}"
		;;
	transfer)
		# Requests of a one-ticket transfer for 1 to 100 messages, followers
		# and attachments (the test fails unless the count is constant),
		# then tickets/s of 200 tickets, per-record baseline first.
		(cd .. && go test -count=1 -run 'TestTransferRoundTrips$' -v ./helpdesk) |
			grep -E 'requests:|^=== RUN|^(--- |ok|FAIL)' | sed 's/: \[.*//' | tee "$OUT/transfer-roundtrips.txt" >&2
		variants=()
		for lat in "" "latency-1ms/"; do
			for v in baseline-per-record sequential concurrent-4 concurrent-8; do
				variants+=("^BenchmarkTransfer$/^${lat//\//$\/^}$v$")
			done
		done
		interleave transfer helpdesk "-test.benchtime=1x" "${variants[@]}"
		;;
	jutda)
		interleave jutda bench "-test.benchmem" \
			'^BenchmarkJutdaCreateTicket$/^impl=nethttp-form$' \
			'^BenchmarkJutdaCreateTicket$/^impl=deskbridge-jutda$'
		;;
	*)
		echo "unknown group $g (want overhead, decode, heap, domain, transfer or jutda)" >&2
		exit 2
		;;
	esac
done

echo
for g in "${groups[@]}"; do
	case $g in
	transfer)
		echo "### transfer"
		cat "$OUT/transfer-roundtrips.txt"
		"$benchstat" "$OUT/transfer.txt"
		;;
	decode)
		for t in decode contenders; do
			echo "### $t"
			"$benchstat" -col /impl "$OUT/$t.txt"
		done
		echo "### decode-only (odoo package, no HTTP)"
		"$benchstat" "$OUT/decode-only.txt"
		;;
	*)
		echo "### $g"
		"$benchstat" -col /impl "$OUT/$g.txt" || "$benchstat" "$OUT/$g.txt"
		;;
	esac
	echo
done
echo "total: $((SECONDS - start)) s"
