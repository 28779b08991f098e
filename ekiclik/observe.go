package ekiclik

import "github.com/deskbridge/deskbridge"

// WithObserver tells o about every HTTP exchange of the client's calls
// (one deskbridge.CallEvent per attempt, System "ekiclik", Protocol
// "odoo-rest-api"), the same Observer odoo.WithObserver takes: the client
// hands it to its odoo.Client (odoo.WithObserverLabels).
func WithObserver(o deskbridge.Observer) Option { return func(c *config) { c.observer = o } }
