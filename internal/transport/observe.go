package transport

import (
	"context"
	"net/http"
	"time"

	"github.com/deskbridge/deskbridge"
)

// CallLabels name the SDK call a request belongs to, for the Observer.
type CallLabels struct {
	System, Protocol, Model, Method string
}

type labelsKey struct{}

// WithCall returns ctx labelled with l: the requests made with it report
// l to the Config's Observer.
func WithCall(ctx context.Context, l CallLabels) context.Context {
	return context.WithValue(ctx, labelsKey{}, l)
}

// observe reports one hop of an attempt to the Observer.
func (c *Client) observe(ctx context.Context, st *callState, a *attemptState, req *http.Request, resp *http.Response, respBody []byte, err error, d time.Duration) {
	obs := c.cfg.Observer
	if obs == nil {
		return
	}
	l, _ := ctx.Value(labelsKey{}).(CallLabels)
	e := deskbridge.CallEvent{
		System: l.System, Protocol: l.Protocol, Model: l.Model, Method: l.Method,
		Attempt: a.n, HTTPMethod: req.Method, Path: c.Redact(req.URL.Path),
		ReplyBytes: len(respBody), Duration: d,
	}
	if st != nil && req.Body != nil && req.Body != http.NoBody {
		e.RequestBytes = len(st.body)
	} else if req.ContentLength > 0 {
		e.RequestBytes = int(req.ContentLength)
	}
	if resp != nil {
		e.Status = resp.StatusCode
	}
	if err != nil {
		e.Err = c.sanitize(err)
	}
	obs(ctx, e)
}
