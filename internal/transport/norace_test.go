//go:build !race

package transport

// raceFactor doubles memory bounds under the race detector, whose shadow
// allocations count too.
const raceFactor = 1
