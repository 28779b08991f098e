package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/helpdesk"
)

// common are the flags every command has.
type common struct {
	config  string
	demo    bool
	dest    string
	history string
	jsonOut bool
}

func (c *common) register(fs *flag.FlagSet, destHelp string) {
	fs.StringVar(&c.config, "config", "", "the destinations file (JSON, see go doc ./cmd/deskbridge)")
	fs.BoolVar(&c.demo, "demo", false, "run on embedded demo servers instead of -config")
	fs.StringVar(&c.dest, "dest", "", destHelp)
	fs.StringVar(&c.history, "history", "", "the history file (default: the config's \"history\")")
	fs.BoolVar(&c.jsonOut, "json", false, "print JSON")
}

// world is a loaded configuration and the servers -demo started.
type world struct {
	cfg     *helpdesk.Destinations
	getenv  func(string) string
	close   func()
	history string // the history file, "" for none
}

// load reads -config or starts the -demo servers.
func (c *common) load(e env) (*world, error) {
	var w *world
	switch {
	case c.demo && c.config != "":
		return nil, fmt.Errorf("%w: give -config or -demo, not both", errUsage)
	case c.demo:
		var err error
		if w, err = startDemo(); err != nil {
			return nil, err
		}
		dir := e.tempDir
		if dir == "" {
			dir = os.TempDir()
		}
		w.history = filepath.Join(dir, "deskbridge-demo-history.jsonl")
	case c.config == "":
		return nil, fmt.Errorf("%w: -config FILE (or -demo) is required", errUsage)
	default:
		cfg, err := helpdesk.LoadDestinations(c.config)
		if err != nil {
			return nil, err
		}
		w = &world{cfg: cfg, getenv: e.getenv, close: func() {}, history: cfg.HistoryPath()}
	}
	if c.history != "" {
		w.history = c.history
	}
	return w, nil
}

// source connects to the configured source.
func (w *world) source(ctx context.Context) (*helpdesk.Service, error) {
	if w.cfg.Source == nil {
		return nil, fmt.Errorf("%w: the configuration has no \"source\"", deskbridge.ErrInvalidArgument)
	}
	s, err := w.cfg.Source.Connect(ctx, w.getenv)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	return s, nil
}

// destinations are the named one, or all of them.
func (w *world) destinations(name string) ([]*helpdesk.Destination, error) {
	if name != "" {
		d, err := w.cfg.Get(name)
		if err != nil {
			return nil, err
		}
		return []*helpdesk.Destination{d}, nil
	}
	var out []*helpdesk.Destination
	for _, n := range w.cfg.Names() {
		out = append(out, w.cfg.Destinations[n])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the configuration has no destinations", deskbridge.ErrInvalidArgument)
	}
	return out, nil
}
