package jutda

import (
	"errors"
	"net"
	"net/http"
	"time"
)

// errRedirect refuses a redirect that would carry the form (and its
// password) to another host, or from https to http: net/http replays a
// POST body on 307 and 308.
var errRedirect = errors.New("redirect refused: it would send the form, password included, to another host or over plain http")

// safeRedirect checks a redirect before next (the caller's CheckRedirect,
// or net/http's limit of 10 hops).
func safeRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 {
			from := via[0].URL
			if req.URL.Hostname() != from.Hostname() || (from.Scheme == "https" && req.URL.Scheme != "https") {
				return errRedirect
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// httpClient is the *http.Client given to the transport: the caller's
// (copied, never modified) or one with safe timeouts, both refusing unsafe
// redirects. own is the transport the Client created, nil otherwise.
func httpClient(hc *http.Client) (out *http.Client, own *http.Transport) {
	if hc != nil {
		cp := *hc
		cp.CheckRedirect = safeRedirect(hc.CheckRedirect)
		return &cp, nil
	}
	own = defaultTransport()
	return &http.Client{Transport: defaultRoundTripper{own}, CheckRedirect: safeRedirect(nil)}, own
}

// defaultRoundTripper uses own while http.DefaultTransport is the standard
// one, and http.DefaultTransport when a test replaced it (httpmock.Activate).
type defaultRoundTripper struct{ own *http.Transport }

func (d defaultRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, std := http.DefaultTransport.(*http.Transport); std {
		return d.own.RoundTrip(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// defaultTransport is http.DefaultTransport with explicit timeouts for
// every phase but the body, which contexts govern.
func defaultTransport() *http.Transport {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.ExpectContinueTimeout = time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 16
	return t
}
