package ekiclik

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge/odoo"
)

// typedReplyError fails t unless err is one of the decoders' typed
// errors, with a short, valid UTF-8 text.
func typedReplyError(t *testing.T, err error) {
	t.Helper()
	var oe *odoo.Error
	var re *odoo.ResponseError
	switch {
	case errors.As(err, &re):
		// odoo keeps 200 bytes of the body in Body, each invalid byte
		// becoming U+FFFD: count runes, not bytes (a fuzz finding).
		if utf8.RuneCountInString(re.Body) > 201 || !utf8.ValidString(re.Body) {
			t.Fatalf("snippet too long or invalid: %q", re.Body)
		}
	case errors.As(err, &oe):
	case errors.Is(err, errWriteFalse):
	default:
		t.Fatalf("untyped error %T: %v", err, err)
	}
}

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "seed003", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(200, b)
		}
	}
	for _, s := range []string{
		`{"jsonrpc": "2.0", "id": null, "result": 1}`,
		`{"jsonrpc": "2.0", "id": null, "result": true}`,
		`{"jsonrpc": "2.0", "id": null, "result": false}`,
		`{"jsonrpc": "2.0", "id": null, "result": "Invalid credentials."}`,
		`{"jsonrpc": "2.0", "id": null, "result": {"uid": 2, "session_id": "abc"}}`,
		`{"jsonrpc": "2.0", "id": null, "error": {"code": 100, "message": "Odoo Session Expired", "data": {"name": "odoo.http.SessionExpiredException", "message": "Session expired"}}}`,
		`{"count": 2, "prev": null, "current": 1, "next": 2, "total_pages": 3, "result": [{"id": 1}, {"id": 2, "name": "x"}]}`,
		`{"count": 0, "result": []}`,
		`{"id": 3, "name": "x"}`,
		`<html><body>502 Bad Gateway</body></html>`,
		`{"jsonrpc": "2.0", "id": null, "res`,
		"",
	} {
		f.Add(200, []byte(s))
	}
	f.Add(502, []byte(`{"jsonrpc": "2.0", "id": null, "result": 1}`))
}

// reply is a JSON reply as odoo.Client.Route hands it over.
func reply(status int, body []byte) *odoo.RouteResponse {
	return &odoo.RouteResponse{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}
}

// FuzzDecodeReply feeds the JSON-RPC envelope decoders of the POST and
// PUT routes (the login is odoo.Client's).
func FuzzDecodeReply(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		r := reply(status, body)
		id, err := decodeCreate(r)
		if err != nil {
			typedReplyError(t, err)
		} else if id <= 0 {
			t.Fatalf("create answered id %d without error", id)
		}
		if err := decodeWrite(r); err != nil {
			typedReplyError(t, err)
		}
	})
}

// FuzzDecodePage feeds the GET decoders (a page of records, one record).
func FuzzDecodePage(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		r := reply(status, body)
		recs, err := decodePage(r)
		if err != nil {
			typedReplyError(t, err)
		} else {
			if recs.Count < 0 || recs.TotalPages < 0 {
				t.Fatalf("negative count: %+v", recs)
			}
			for _, it := range recs.Items {
				if len(it) == 0 || it[0] != '{' {
					t.Fatalf("record is not an object: %s", it)
				}
			}
			var out []map[string]any
			if err := recs.Decode(&out); err != nil {
				t.Fatalf("Decode of accepted page: %v", err)
			}
		}
		raw, err := decodeRecord(r)
		if err != nil {
			typedReplyError(t, err)
		} else if len(raw) == 0 || raw[0] != '{' {
			t.Fatalf("record is not an object: %s", raw)
		}
	})
}
