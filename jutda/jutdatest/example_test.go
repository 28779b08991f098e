package jutdatest_test

import (
	"fmt"
	"io"
	"net/url"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// A test starts a helpdesk and calls its API over plain HTTP.
func Example() {
	srv := jutdatest.NewServer()
	defer srv.Close()

	resp, err := srv.Client().PostForm(srv.URL+"/api/create_ticket/", url.Values{
		"user": {jutdatest.DefaultLogin}, "password": {jutdatest.DefaultPassword},
		"queue": {"1"}, "title": {"Printer on fire"}, "body": {"Smoke everywhere"},
	})
	if err != nil {
		panic(err)
	}
	id, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	t, _ := srv.Ticket(1)
	fmt.Println(resp.StatusCode, string(id), t.Title, t.Status, srv.CallCount("", "create_ticket"))
	// Output: 200 1 Printer on fire Open 1
}

// Faults make the next matching request fail; the call log tells whether
// the server applied the call before the connection dropped.
func ExampleServer_faults() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	srv.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.DropAfter})

	_, err := srv.Client().PostForm(srv.URL+"/api/create_ticket/", url.Values{
		"user": {jutdatest.DefaultLogin}, "password": {jutdatest.DefaultPassword},
		"queue": {"1"}, "title": {"Lost reply"}, "body": {"b"},
	})
	c := srv.Calls()[0]
	fmt.Println(err != nil, c.Fault, c.Applied, len(srv.Tickets()))
	// Output: true drop-after true 1
}
