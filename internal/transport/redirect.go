package transport

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrRedirectRefused is the cause of a Do error when SafeRedirect refused to
// follow a redirect.
var ErrRedirectRefused = errors.New("transport: redirect refused")

// SafeRedirect is the check every Client makes before following a redirect,
// ahead of the caller's own CheckRedirect. A 307 or 308 makes net/http send
// the request body again to the new location, and the bodies of these
// clients carry passwords, API keys and session ids (JSON-RPC's execute_kw,
// the OAuth2 token form, Jutda's form), so it refuses a redirect to another
// host name and one from https to http. The refused redirect's URL is not in
// the error (it may carry a session).
func SafeRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	switch {
	case req.URL.Hostname() != first.Hostname():
		return fmt.Errorf("%w: %d to another host (requests carry credentials; use the server's final URL)",
			ErrRedirectRefused, redirectStatus(req))
	case first.Scheme == "https" && req.URL.Scheme != "https":
		return fmt.Errorf("%w: %d from https to %s", ErrRedirectRefused, redirectStatus(req), req.URL.Scheme)
	}
	return nil
}

// safeRedirect runs SafeRedirect, then next (the caller's CheckRedirect) or
// net/http's default limit of 10 hops.
func safeRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if err := SafeRedirect(req, via); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", ErrRedirectRefused)
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
