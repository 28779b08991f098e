package jutda

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeID: create_ticket's and find_user's text/plain reply. An
// accepted body is exactly a positive decimal number (whitespace around it)
// that fits an int everywhere; everything else has a reason.
func FuzzDecodeID(f *testing.F) {
	for _, s := range []string{"1", "42\n", " 7 ", "0", "-1", "+1", "007", "1e3", "12.0", "", "\n", "999999999",
		"1000000000", "99999999999999999999", "<html>", "Invalid ticket ID", "1 2", "\u0661", "١٢", "0x1f", "\xff1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		id, reason := decodeID(b)
		trimmed := string(bytes.TrimSpace(b))
		want, err := strconv.ParseInt(trimmed, 10, 64)
		digits := trimmed != "" && strings.Trim(trimmed, "0123456789") == ""
		valid := err == nil && digits && len(trimmed) <= maxIDDigits && want > 0
		if valid {
			if reason != "" || id != want {
				t.Fatalf("decodeID(%q) = %d, %q; want %d", b, id, reason, want)
			}
		} else if reason == "" || id != 0 {
			t.Fatalf("decodeID(%q) = %d, %q; want a reason", b, id, reason)
		}
	})
}

// FuzzDecodeQueues: list_queues' text/json reply. Never panics; what it
// accepts has positive ids and survives a round trip through the server's
// format (string ids).
func FuzzDecodeQueues(f *testing.F) {
	for _, s := range []string{`[{"id": "1", "title": "Support"}]`, `[{"id": "1", "title": "Support"}, {"id": "2", "title": "Billing"}]`,
		`[]`, `null`, `{}`, `[{"id": 3, "title": "x"}]`, `[{"id": "0", "title": "x"}]`, `[{"id": "-1", "title": "x"}]`,
		`[{"id": null, "title": "x"}]`, `[{"title": "x"}]`, `[{"id": "1"}]`, `[{"id": "1", "title": null}]`,
		`[{"id": "1", "title": "caf\u00e9 \ud83d\ude00"}]`, `[{"id": 1.5, "title": "x"}]`, `[{"id": 1e2, "title": "x"}]`,
		`[{"id": "1", "title": "x"}] trailing`, `[{"id": "1", "title": "x"`, `<html>`, ``, `[1]`, `[{"id": "01", "title": ""}]`,
		`[{"id": "1", "id": "2", "title": "dup"}]`, `[{"ID": "5", "TITLE": "case"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		qs, reason := decodeQueues(b)
		if reason != "" {
			if qs != nil {
				t.Fatalf("decodeQueues(%q) = %v with reason %q", b, qs, reason)
			}
			return
		}
		if qs == nil {
			t.Fatalf("decodeQueues(%q) = nil without reason", b)
		}
		type wire struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		ws := make([]wire, len(qs))
		for i, q := range qs {
			if q.ID <= 0 {
				t.Fatalf("decodeQueues(%q): queue %d id %d", b, i, q.ID)
			}
			ws[i] = wire{strconv.FormatInt(q.ID, 10), q.Title}
		}
		again, _ := json.Marshal(ws)
		qs2, reason := decodeQueues(again)
		if reason != "" || !slices.Equal(qs, qs2) {
			t.Fatalf("round trip of %q: %v, %q; want %v", again, qs2, reason, qs)
		}
	})
}

// FuzzErrorReply: an error status's body as the client shows it. The
// message is one valid UTF-8 line; the kept text is bounded; form errors,
// when recognised, render back to the same map.
func FuzzErrorReply(f *testing.F) {
	for _, s := range []string{"", "Invalid ticket ID", "Blank message", "Invalid 'public' flag",
		"* title\n  * This field is required.", "* queue\n  * Select a valid choice. 9 is not one of the available choices.\n* title\n  * Ensure this value has at most 100 characters (it has 101).",
		"* title", "  * orphan", "* \n  * x", "* a\n  * x\n* a\n  * y", "<html><body>502 Bad Gateway</body></html>", "\xff\xfe", "line\r\nline",
		strings.Repeat("é", 3000)} {
		f.Add(400, []byte(s))
	}
	f.Add(502, []byte("<html>"))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		text := clip(b)
		if !utf8.ValidString(text) || len(text) > maxText {
			t.Fatalf("clip(%q) = %q", b, text)
		}
		e := &Error{Method: MethodCreateTicket, StatusCode: status, Body: text}
		msg := e.Error()
		if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("Error() = %q", msg)
		}
		if len(msg) > 1000 {
			t.Fatalf("Error() is %d bytes", len(msg))
		}
		fe := e.FormErrors()
		if fe == nil {
			return
		}
		var lines []string
		for _, k := range slices.Sorted(maps.Keys(fe)) {
			if len(fe[k]) == 0 {
				t.Fatalf("field %q without messages in %q", k, text)
			}
			lines = append(lines, "* "+k)
			for _, m := range fe[k] {
				lines = append(lines, "  * "+m)
			}
		}
		back := parseFormErrors(strings.Join(lines, "\n"))
		if len(back) != len(fe) {
			t.Fatalf("form errors %q: round trip %v, want %v", text, back, fe)
		}
		for k, v := range fe {
			if got := back[k]; !slices.Equal(got, v) {
				t.Fatalf("form errors %q: field %q: %v, want %v", text, k, got, v)
			}
		}
	})
}
