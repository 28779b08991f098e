// Package goldenall holds odoogen's output for a model with a field of
// every type (odoogen/testdata/alltypes.json), the golden file odoogen's
// tests compare with and decode records into.
package goldenall

//go:generate go run github.com/deskbridge/deskbridge/cmd/odoogen -from ../../testdata/alltypes.json -model x.alltypes -type Record -o record_gen.go
