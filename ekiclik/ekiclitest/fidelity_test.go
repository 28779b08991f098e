package ekiclitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/internal/capture"
	"github.com/deskbridge/deskbridge/internal/shapediff"
)

// seedCaptureData gives the fake the records the captured database had
// where the captures name them (ids kept; names and values are not
// compared), before the capture numbered step. The recorder created the
// tags "Captures tag two" and "three" (ids 9 and 10) between captures 23
// and 24, off the record.
func seedCaptureData(s *Server, step int) {
	switch step {
	case 1:
		mustCreate(s, "res.country", map[string]any{"id": 233, "name": "United States", "code": "US"})
		for id, name := range map[int64]string{10: "Deco Addict", 11: "Gemini Furniture", 12: "Ready Mat", 14: "Azure Interior", 15: "Lumber Inc", 9: "Wood Corner", 13: "Jackson Group"} {
			mustCreate(s, "res.partner", map[string]any{"id": id, "name": name, "is_company": true, "email": "info@example.com", "country_id": 233})
		}
		for id, parent := range map[int64]int64{18: 10, 19: 10, 35: 10, 26: 14, 33: 14} {
			mustCreate(s, "res.partner", map[string]any{"id": id, "name": fmt.Sprintf("Contact %d", id), "parent_id": parent, "email": "c@example.com"})
		}
		mustCreate(s, "res.partner", map[string]any{"id": 60, "name": "Last demo contact"})
		mustCreate(s, "res.partner.category", map[string]any{"id": 1, "name": "Vendor", "color": 2, "parent_path": "1/"})
		for id := int64(2); id <= 7; id++ {
			vals := map[string]any{"id": id, "name": fmt.Sprintf("Tag %d", id), "color": id}
			if id >= 6 {
				vals["parent_id"] = int64(1)
			}
			mustCreate(s, "res.partner.category", vals)
		}
	case 24:
		mustCreate(s, "res.partner.category", map[string]any{"id": 9, "name": "Captures tag two"})
		mustCreate(s, "res.partner.category", map[string]any{"id": 10, "name": "Captures tag three"})
	}
}

// TestFidelityRESTAPI replays every odoo16-restapi capture, in order,
// against the fake (a stock server: no Ekiclik module, as captured) and
// compares status, content type, Location, the JSON shape (keys and value
// types, recursively) and the error names, codes and exception types.
// restAPIShape is how a fake's reply may differ from a capture: every
// element of an array is compared, and the value of "debug" (a traceback)
// is not.
var restAPIShape = shapediff.Options{SkipKeys: []string{"debug"}}

func TestFidelityRESTAPI(t *testing.T) {
	caps, err := capture.Load(filepath.Join("..", "..", "testdata", "fixtures", "odoo16-restapi"))
	if err != nil || len(caps) != 48 {
		t.Fatalf("captures: %d files, %v", len(caps), err)
	}
	s := NewServer(WithoutEkiclikModule(), WithCredentials("helpdesk", "admin", "<password>"))
	defer s.Close()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sid := ""
	passed := 0
	for i, c := range caps {
		seedCaptureData(s, i+1)
		u := s.URL + c.Request.Path
		if len(c.Request.Query) > 0 {
			q := url.Values{}
			for k, v := range c.Request.Query {
				q.Set(k, v)
			}
			u += "?" + q.Encode()
		}
		var body io.Reader
		if len(c.Request.JSON) > 0 {
			body = bytes.NewReader(c.Request.JSON)
		}
		req, _ := http.NewRequest(c.Request.Method, u, body)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if strings.Contains(c.Request.Headers["Cookie"], "session_id=") {
			req.AddCookie(&http.Cookie{Name: "session_id", Value: sid})
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, ck := range resp.Cookies() {
			if ck.Name == "session_id" {
				sid = ck.Value
			}
		}
		var problems []string
		if resp.StatusCode != c.Response.Status {
			problems = append(problems, fmt.Sprintf("status %d, captured %d", resp.StatusCode, c.Response.Status))
		}
		if ct := resp.Header.Get("Content-Type"); ct != c.Response.ContentType {
			problems = append(problems, fmt.Sprintf("content type %q, captured %q", ct, c.Response.ContentType))
		}
		if loc := c.Response.Headers["Location"]; loc != "" && resp.Header.Get("Location") != loc {
			problems = append(problems, fmt.Sprintf("Location %q, captured %q", resp.Header.Get("Location"), loc))
		}
		if len(c.Response.JSON) > 0 {
			var want, have any
			_ = json.Unmarshal(c.Response.JSON, &want)
			if err := json.Unmarshal(got, &have); err != nil {
				problems = append(problems, "not JSON: "+string(got))
			} else {
				problems = append(problems, shapediff.Diff(want, have, restAPIShape)...)
				problems = append(problems, sameError(want, have)...)
			}
		}
		if len(problems) > 0 {
			t.Errorf("%s:\n  %s\n  body: %.400s", c.Name, strings.Join(problems, "\n  "), got)
			continue
		}
		passed++
	}
	if passed != len(caps) {
		t.Errorf("fidelity %d/%d", passed, len(caps))
	}
	t.Logf("fidelity %d/%d captures", passed, len(caps))
}

// sameError compares the error's code, name, exception type and, for
// Odoo's generic messages, the message.
func sameError(want, have any) []string {
	we, _ := want.(map[string]any)["error"].(map[string]any)
	he, _ := have.(map[string]any)["error"].(map[string]any)
	if we == nil || he == nil {
		return nil
	}
	var out []string
	if we["code"] != he["code"] {
		out = append(out, fmt.Sprintf("error code %v, captured %v", he["code"], we["code"]))
	}
	if m := we["message"]; (m == "Odoo Server Error" || m == "Odoo Session Expired") && he["message"] != m {
		out = append(out, fmt.Sprintf("error message %v, captured %v", he["message"], m))
	}
	wd, _ := we["data"].(map[string]any)
	hd, _ := he["data"].(map[string]any)
	for _, k := range []string{"name", "exception_type"} {
		if wd[k] != hd[k] {
			out = append(out, fmt.Sprintf("error %s %q, captured %q", k, hd[k], wd[k]))
		}
	}
	return out
}
