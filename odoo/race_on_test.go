//go:build race

package odoo_test

// raceEnabled reports a -race build, whose instrumentation allocates on
// the measured heap.
const raceEnabled = true
