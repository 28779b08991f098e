package transport

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/deskbridge/deskbridge"
)

// SafeRedirect is the check every Client makes before following a redirect,
// ahead of the caller's own CheckRedirect. A 307 or 308 makes net/http send
// the request body again to the new location, net/http keeps the
// Authorization and Cookie headers for another port of the same host, and
// the bodies of these clients carry passwords, API keys and session ids
// (JSON-RPC's execute_kw, the OAuth2 token form, Jutda's form). So a
// redirect is followed only within the origin of the first request: the
// same scheme, host and port (the scheme's default port when none is
// written). Any other origin — another host, another port, http to https
// or back — is refused before anything is sent there. The error names the
// refused origin, never its path or query (they may carry a session).
func SafeRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	if to := origin(req.URL); to != origin(first) {
		return fmt.Errorf("%w: %d from %s to another origin, %s (requests carry credentials; use the server's final URL)",
			deskbridge.ErrRedirectRefused, redirectStatus(req), origin(first), to)
	}
	return nil
}

// origin is u's scheme://host:port, host in lower case, the port explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// noRedirectKey marks the context of a Request with NoRedirect.
type noRedirectKey struct{}

// safeRedirect runs SafeRedirect, then next (the caller's CheckRedirect) or
// net/http's default limit of 10 hops.
func safeRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if on, _ := req.Context().Value(noRedirectKey{}).(bool); on {
			return http.ErrUseLastResponse
		}
		if err := SafeRedirect(req, via); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", deskbridge.ErrRedirectRefused)
		}
		return nil
	}
}

func redirectStatus(req *http.Request) int {
	if req.Response != nil {
		return req.Response.StatusCode
	}
	return 0
}
