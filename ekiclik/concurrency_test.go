package ekiclik

import (
	"fmt"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// TestConcurrentUse shares one Client between goroutines that create and
// read while sessions expire: one login per expiry at most, every create
// applied exactly once.
func TestConcurrentUse(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	const workers, each = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				_, err := c.CreateCustomer(ctx, Customer{Name: fmt.Sprintf("C%d-%d", w, i), Email: fmt.Sprintf("c%d.%d@example.com", w, i)})
				if err != nil {
					errs <- err
				}
				if _, err := c.List(ctx, ModelUser, domain.Domain{}, &ListOptions{Query: Select("id")}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Count(ModelPartner, domain.EqLike("email", "c%@example.com")); n != workers*each {
		t.Errorf("%d partners, want %d", n, workers*each)
	}
	if srv.Requests(ModelPartner, "create") != workers*each {
		t.Errorf("%d create requests, want %d", srv.Requests(ModelPartner, "create"), workers*each)
	}
	if n := srv.CallCount("", "authenticate"); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
}
