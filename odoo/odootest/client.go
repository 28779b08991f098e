package odootest

import (
	"github.com/deskbridge/deskbridge/odoo"
)

// NewClient returns an odoo.Client for the server over protocol p, logged
// in as the default admin with the credentials p takes (a password; the
// API key for JSON-2; the OAuth2 client and password for REST v2), and
// through the server's own HTTP client. opts come last and win. It sends
// no request.
func (s *Server) NewClient(p odoo.Protocol, opts ...odoo.Option) (*odoo.Client, error) {
	base := []odoo.Option{odoo.WithProtocol(p), odoo.WithDatabase(s.Database()), odoo.WithHTTPClient(s.Client())}
	switch p {
	case odoo.JSON2:
		base = append(base, odoo.WithAPIKey(DefaultLogin, DefaultAPIKey))
	case odoo.RESTv2:
		base = append(base, odoo.WithPassword(DefaultLogin, DefaultPassword), odoo.WithOAuth2Client(DefaultClientID, DefaultClientSecret))
	default:
		base = append(base, odoo.WithPassword(DefaultLogin, DefaultPassword))
	}
	return odoo.New(s.URL, append(base, opts...)...)
}
