package odoo

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// resultServer answers every execute_kw with result (and logins with uid 2).
func resultServer(t *testing.T, result *string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(string(req), `"authenticate"`) {
			io.WriteString(w, `{"jsonrpc": "2.0", "id": 1, "result": 2}`)
			return
		}
		io.WriteString(w, `{"jsonrpc": "2.0", "id": 1, "result": `+*result+`}`)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithDatabase("db"), WithPassword("admin", "pw-0123456789"), WithProtocol(JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Results of the wrong shape are *ResponseError naming the model, method
// and field path (issue 17 item 7), whichever decoder path refuses them.
func TestWrongShapeIsResponseError(t *testing.T) {
	var result string
	c := resultServer(t, &result)
	m := NewModel[testTicket](c, "helpdesk.ticket")
	ctx := context.Background()
	tests := []struct {
		name, result, field, reason string
		call                        func() error
	}{
		{"string field holds a number", `[{"id": 1, "name": 5}]`, "[0].name", "want string, got a number", nil},
		{"many2one of two ids", `[{"id": 1, "name": "a"}, {"id": 2, "stage_id": [1, 2]}]`, "[1].stage_id", "want odoo.Many2One, got a list", nil},
		{"id out of range", `[{"id": 1e400}]`, "[0].id", "want int64, got a number", nil},
		{"object for a list", `{"id": 1}`, "", "want a list of records ([]odoo.testTicket), got an object", nil},
		{"object for ids", `[{"id": 3, "tag_ids": {"a": 1}}]`, "[0].tag_ids", "want odoo.IDs, got an object", nil},
		{"bad datetime", `[{"id": 3, "create_date": "soon"}]`, "[0].create_date", "want time.Time, got a string", nil},
		{"read of a number", `[{"id": 3, "color": "x"}]`, "[0].color", "want int, got a string",
			func() error { _, err := m.Read(ctx, []int64{3}, nil); return err }},
		{"search ids of strings", `[1, "a"]`, "", "want odoo.IDs, got a list: ids: not a record id",
			func() error { _, err := c.Search(ctx, "helpdesk.ticket", domain.Domain{}, nil); return err }},
	}
	for _, tc := range tests {
		result = tc.result
		call := tc.call
		method := "search_read"
		if call == nil {
			call = func() error { _, err := m.SearchRead(ctx, domain.Domain{}, nil); return err }
		} else if strings.HasPrefix(tc.name, "read") {
			method = "read"
		} else {
			method = "search"
		}
		err := call()
		var re *ResponseError
		if !errors.As(err, &re) {
			t.Errorf("%s: error %T %v, want a *ResponseError", tc.name, err, err)
			continue
		}
		if re.Model != "helpdesk.ticket" || re.Method != method || re.Field != tc.field || !strings.HasPrefix(re.Reason, tc.reason) {
			t.Errorf("%s: got model %q method %q field %q reason %q\nwant %q %q %q %q…", tc.name,
				re.Model, re.Method, re.Field, re.Reason, "helpdesk.ticket", method, tc.field, tc.reason)
		}
		if msg := err.Error(); !strings.Contains(msg, "helpdesk.ticket."+method) || (tc.field != "" && !strings.Contains(msg, tc.field)) {
			t.Errorf("%s: message %q does not name the call and field", tc.name, msg)
		}
	}
}
