package odoo

import (
	"net/http"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// rateLimited returns the *deskbridge.RateLimitError of a 429 reply (its
// Reply an *ResponseError), nil otherwise.
func (c *Client) rateLimited(resp *transport.Response) error {
	if resp.StatusCode != http.StatusTooManyRequests {
		return nil
	}
	d, _ := c.tr.RetryAfter(resp.StatusCode, resp.Header)
	return &deskbridge.RateLimitError{System: "odoo", RetryAfter: d, Attempts: resp.Attempts,
		Reply: newResponseError(resp.StatusCode, resp.Header.Get("Content-Type"), "rate limited", resp.Body)}
}
