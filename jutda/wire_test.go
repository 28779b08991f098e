package jutda_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
)

const mockBase = "https://helpdesk.example.com/support"

// mockClient returns a Client whose requests go to a fresh httpmock
// transport.
func mockClient(t *testing.T, opts ...jutda.Option) (*jutda.Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	opts = append([]jutda.Option{jutda.WithHTTPClient(&http.Client{Transport: mock}),
		jutda.WithRetry(2, time.Millisecond, 2*time.Millisecond)}, opts...)
	c, err := jutda.New(mockBase+"/", append([]jutda.Option{jutda.WithPassword("api", "pw&secret")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, mock
}

// captured is what the server received.
type captured struct {
	method, path, contentType string
	form                      url.Values
}

func capture(t *testing.T, mock *httpmock.MockTransport, path string, status int, ctype, body string) *[]captured {
	t.Helper()
	var got []captured
	mock.RegisterResponder("POST", mockBase+path, func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		form, err := url.ParseQuery(string(b))
		if err != nil {
			t.Errorf("body %q is not a form: %v", b, err)
		}
		got = append(got, captured{r.Method, r.URL.Path, r.Header.Get("Content-Type"), form})
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", ctype)
		return resp, nil
	})
	return &got
}

// TestWireRequests checks every method's exact request: path, method,
// content type and form fields (credentials included).
func TestWireRequests(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2025, 5, 6, 14, 30, 0, 0, time.UTC)
	creds := url.Values{"user": {"api"}, "password": {"pw&secret"}}
	with := func(extra url.Values) url.Values {
		out := url.Values{}
		for k, v := range creds {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name   string
		method string
		reply  string
		ctype  string
		call   func(c *jutda.Client) (any, error)
		want   url.Values
		result any
	}{
		{"create minimal", "create_ticket", "17", "text/plain",
			func(c *jutda.Client) (any, error) {
				return c.CreateTicket(ctx, jutda.TicketCreate{Queue: 2, Title: "Invoice overdue", Body: "Pay me"})
			},
			with(url.Values{"queue": {"2"}, "title": {"Invoice overdue"}, "body": {"Pay me"}, "priority": {"3"}}), int64(17)},
		{"create full", "create_ticket", "18\n", "text/plain",
			func(c *jutda.Client) (any, error) {
				return c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "Tëst & co", Body: "a=b&c\nline", SubmitterEmail: "x@customer.example",
					AssignedTo: 3, Priority: jutda.PriorityCritical, DueDate: due})
			},
			with(url.Values{"queue": {"1"}, "title": {"Tëst & co"}, "body": {"a=b&c\nline"}, "submitter_email": {"x@customer.example"},
				"assigned_to": {"3"}, "priority": {"1"}, "due_date": {"2025-05-06 14:30:00"}}), int64(18)},
		{"delete", "delete_ticket", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.DeleteTicket(ctx, 5) },
			with(url.Values{"ticket": {"5"}, "confirm": {"yes"}}), nil},
		{"hold", "hold_ticket", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.HoldTicket(ctx, 6) },
			with(url.Values{"ticket": {"6"}}), nil},
		{"unhold", "unhold_ticket", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.UnholdTicket(ctx, 7) },
			with(url.Values{"ticket": {"7"}}), nil},
		{"followup public", "add_followup", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.AddFollowup(ctx, 8, "Paid, thanks", true) },
			with(url.Values{"ticket": {"8"}, "message": {"Paid, thanks"}, "public": {"y"}}), nil},
		{"followup private", "add_followup", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.AddFollowup(ctx, 8, "internal", false) },
			with(url.Values{"ticket": {"8"}, "message": {"internal"}, "public": {"n"}}), nil},
		{"resolve", "resolve", "", "text/plain",
			func(c *jutda.Client) (any, error) { return nil, c.Resolve(ctx, 9, "Refunded") },
			with(url.Values{"ticket": {"9"}, "resolution": {"Refunded"}}), nil},
		{"list queues", "list_queues", `[{"id": "1", "title": "Support"}, {"id": "2", "title": "Billing"}]`, "text/json",
			func(c *jutda.Client) (any, error) { return c.ListQueues(ctx) },
			with(nil), []jutda.Queue{{1, "Support"}, {2, "Billing"}}},
		{"find user", "find_user", "3", "text/plain",
			func(c *jutda.Client) (any, error) { return c.FindUser(ctx, "bob") },
			with(url.Values{"username": {"bob"}}), int64(3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := mockClient(t)
			got := capture(t, mock, "/api/"+tc.method+"/", 200, tc.ctype, tc.reply)
			res, err := tc.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if tc.result != nil && !reflect.DeepEqual(res, tc.result) {
				t.Errorf("result = %#v, want %#v", res, tc.result)
			}
			if len(*got) != 1 {
				t.Fatalf("%d requests, want 1", len(*got))
			}
			r := (*got)[0]
			if r.method != "POST" || r.path != "/support/api/"+tc.method+"/" || r.contentType != "application/x-www-form-urlencoded" {
				t.Errorf("request %s %s %q", r.method, r.path, r.contentType)
			}
			if !reflect.DeepEqual(r.form, tc.want) {
				t.Errorf("form = %v\nwant   %v", r.form, tc.want)
			}
		})
	}
}

// TestWireCredentialFields: installs that read other field names.
func TestWireCredentialFields(t *testing.T) {
	c, mock := mockClient(t, jutda.WithCredentialFields("username", "passwd"))
	got := capture(t, mock, "/api/hold_ticket/", 200, "text/plain", "")
	if err := c.HoldTicket(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"username": {"api"}, "passwd": {"pw&secret"}, "ticket": {"1"}}
	if len(*got) != 1 || !reflect.DeepEqual((*got)[0].form, want) {
		t.Fatalf("requests %v, want one with form %v", *got, want)
	}
}

// TestWireReplies: what each status and body turns into.
func TestWireReplies(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		status  int
		ctype   string
		body    string
		call    func(c *jutda.Client) error
		tries   int
		is      []error
		notIs   []error
		errText string
	}{
		{"400 text", 400, "text/plain", "Invalid ticket ID", func(c *jutda.Client) error { return c.HoldTicket(ctx, 4) }, 1,
			[]error{jutda.ErrRejected, deskbridge.ErrNotFound}, []error{jutda.ErrAccessDenied}, `hold_ticket: HTTP 400 Bad Request: "Invalid ticket ID"`},
		{"400 empty", 400, "text/plain", "", func(c *jutda.Client) error { return c.Resolve(ctx, 4, "x") }, 1,
			[]error{jutda.ErrRejected}, []error{deskbridge.ErrNotFound}, "unknown API method"},
		{"403", 403, "text/plain", "", func(c *jutda.Client) error { _, err := c.ListQueues(ctx); return err }, 1,
			[]error{jutda.ErrAccessDenied}, []error{jutda.ErrRejected}, "bad user or password"},
		{"404", 404, "text/html", "<h1>Not Found</h1>", func(c *jutda.Client) error { _, err := c.FindUser(ctx, "x"); return err }, 1,
			[]error{deskbridge.ErrNotFound}, nil, "HTTP 404"},
		{"405", 405, "text/plain", "", func(c *jutda.Client) error { return c.UnholdTicket(ctx, 4) }, 1,
			[]error{jutda.ErrBadMethod}, nil, "only accepts POST"},
		{"500 create not retried", 500, "text/html", "<h1>Server Error (500)</h1>", func(c *jutda.Client) error {
			_, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "t", Body: "b"})
			return err
		}, 1, []error{jutda.ErrServer, deskbridge.ErrOutcomeUnknown}, nil, "Server Error (500)"},
		{"503 read retried", 503, "text/plain", "busy", func(c *jutda.Client) error { _, err := c.ListQueues(ctx); return err }, 3,
			[]error{jutda.ErrServer}, []error{deskbridge.ErrOutcomeUnknown}, "HTTP 503"},
		{"400 create", 400, "text/plain", "* title\n  * This field is required.", func(c *jutda.Client) error {
			_, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "t", Body: "b"})
			return err
		}, 1, []error{jutda.ErrRejected}, []error{deskbridge.ErrOutcomeUnknown, deskbridge.ErrNotFound}, `"* title * This field is required."`},
		{"create not a number", 200, "text/plain", "OK", func(c *jutda.Client) error {
			_, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "t", Body: "b"})
			return err
		}, 1, []error{jutda.ErrBadResponse}, nil, `not a ticket id: not a decimal number: "OK"`},
		{"find_user HTML", 200, "text/html", "<html><body>Login</body></html>", func(c *jutda.Client) error { _, err := c.FindUser(ctx, "x"); return err }, 1,
			[]error{jutda.ErrBadResponse}, nil, "an HTML page"},
		{"hold body", 200, "text/plain", "surprise", func(c *jutda.Client) error { return c.HoldTicket(ctx, 1) }, 1,
			[]error{jutda.ErrBadResponse}, nil, "expected an empty body"},
		{"queues cut", 200, "text/json", `[{"id": "1", "ti`, func(c *jutda.Client) error { _, err := c.ListQueues(ctx); return err }, 1,
			[]error{jutda.ErrBadResponse}, nil, "invalid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := mockClient(t)
			mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tc.status, tc.body)
				resp.Header.Set("Content-Type", tc.ctype)
				return resp, nil
			})
			err := tc.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			if n := mock.GetTotalCallCount(); n != tc.tries {
				t.Errorf("%d requests, want %d", n, tc.tries)
			}
			for _, target := range tc.is {
				if !errors.Is(err, target) {
					t.Errorf("%v: not %v", err, target)
				}
			}
			for _, target := range tc.notIs {
				if errors.Is(err, target) {
					t.Errorf("%v: is %v", err, target)
				}
			}
			if !contains(err.Error(), tc.errText) {
				t.Errorf("error %q does not say %q", err, tc.errText)
			}
			if tc.status != 200 {
				var je *jutda.Error
				if !errors.As(err, &je) || je.StatusCode != tc.status || je.Body != tc.body {
					t.Errorf("error %#v, want *jutda.Error{%d, %q}", je, tc.status, tc.body)
				}
			} else {
				var re *jutda.ResponseError
				if !errors.As(err, &re) || re.Body != tc.body || re.ContentType != tc.ctype {
					t.Errorf("error %#v, want *jutda.ResponseError with the body", re)
				}
			}
		})
	}
}
