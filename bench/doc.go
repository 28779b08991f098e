// Package bench holds the SDK's benchmarks against its floors and its peers.
//
// It is a module of its own (github.com/deskbridge/deskbridge/bench, with a
// replace directive pointing at the SDK in ..), so that the peer libraries
// it measures against (the XML-RPC decoder github.com/kolo/xmlrpc, and the
// JSON libraries github.com/bytedance/sonic, github.com/goccy/go-json and
// github.com/go-json-experiment/json) never become dependencies of the SDK.
//
// Every benchmark names its variants with an impl= key, the baseline first,
// so that benchstat -col /impl prints them side by side with the ratio to
// the baseline. run.sh runs them all, interleaved (every round runs each
// variant once, in its own process), and prints those tables; BENCHMARKS.md
// at the repository root records the results.
package bench
