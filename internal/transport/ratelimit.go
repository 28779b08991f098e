package transport

import (
	"context"
	"fmt"
)

// wait blocks until the rate limiter allows one more request or ctx ends.
// It runs before every attempt and every redirect hop, so retries count
// against the limit too.
func (c *Client) wait(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	if err := c.limiter.Wait(ctx); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("transport: rate limit wait: %w", cerr)
		}
		// rate.Limiter refuses up front a wait longer than the deadline.
		return fmt.Errorf("transport: rate limit wait would pass the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}
