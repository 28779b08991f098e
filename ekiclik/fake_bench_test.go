package ekiclik

import (
	"context"
	"fmt"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
)

// BenchmarkFake is ekiclik's calls against the fake, whose store is what
// differs between versions of ekiclitest (the client side is the same):
// a create, a GET of a page of 20 of 100 partners, an update by filter
// (its counting GET and the PUT).
func BenchmarkFake(b *testing.B) {
	setup := func(b *testing.B, partners int) (*Client, context.Context) {
		srv := ekiclitest.NewServer()
		b.Cleanup(srv.Close)
		c := newClient(b, srv)
		ctx := context.Background()
		for i := range partners {
			if _, err := c.CreateCustomer(ctx, Customer{Name: fmt.Sprintf("P%03d", i), Email: fmt.Sprintf("p%d@example.com", i)}); err != nil {
				b.Fatal(err)
			}
		}
		return c, ctx
	}
	b.Run("CreateCustomer", func(b *testing.B) {
		c, ctx := setup(b, 0)
		b.ReportAllocs()
		for i := range b.N {
			if _, err := c.CreateCustomer(ctx, Customer{Name: fmt.Sprintf("C%d", i), Email: fmt.Sprintf("c%d@example.com", i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListPage20of100", func(b *testing.B) {
		c, ctx := setup(b, 100)
		b.ReportAllocs()
		for range b.N {
			if _, err := c.List(ctx, ModelPartner, domain.Like("email", "@example.com"), &ListOptions{Query: Select("id", "name", "email", "is_pos"), PageSize: 20, Page: 2}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UpdatePartner", func(b *testing.B) {
		c, ctx := setup(b, 100)
		b.ReportAllocs()
		for i := range b.N {
			if _, err := c.UpdatePartner(ctx, "p50@example.com", PartnerUpdate{Phone: fmt.Sprintf("0550%06d", i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
