// Package bench holds the SDK's benchmarks against its floors and its peers.
//
// It is a module of its own (github.com/deskbridge/deskbridge/bench, with a
// replace directive pointing at the SDK in ..), so that the peer libraries
// it measures against, such as the XML-RPC decoder github.com/kolo/xmlrpc,
// never become dependencies of the SDK.
//
// Every benchmark names its variants with an impl= key, the baseline first,
// so that benchstat -col /impl prints them side by side with the ratio to
// the baseline. run.sh runs them all and prints those tables; BENCHMARKS.md
// at the repository root records the results.
package bench
