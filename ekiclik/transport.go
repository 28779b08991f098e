package ekiclik

import (
	"net"
	"net/http"
	"time"
)

// defaultTransport is http.DefaultTransport with explicit timeouts for
// every phase but the body (contexts bound the whole call).
func defaultTransport() http.RoundTripper {
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		// Replaced (httpmock.Activate, instrumentation): honour it.
		return nil
	}
	t := dt.Clone()
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.IdleConnTimeout = 90 * time.Second
	return t
}
