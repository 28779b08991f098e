package odootest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// httpReply is a raw reply: status, content type, body and its JSON.
type httpReply struct {
	Status int
	CType  string
	Body   []byte
	JSON   any
	Header http.Header
}

func doRaw(t testing.TB, method, url string, headers map[string]string, body []byte) *httpReply {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := &httpReply{Status: resp.StatusCode, CType: resp.Header.Get("Content-Type"), Body: b, Header: resp.Header}
	if strings.HasPrefix(out.CType, "application/json") {
		if err := json.Unmarshal(b, &out.JSON); err != nil {
			t.Fatalf("%s %s: bad JSON %q: %v", method, url, b, err)
		}
	}
	return out
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rpcCall posts a JSON-RPC envelope and answers (result, error object).
func rpcCall(t testing.TB, url, path string, params map[string]any, cookie string) (any, map[string]any) {
	t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if cookie != "" {
		h["Cookie"] = "session_id=" + cookie
	}
	rep := doRaw(t, "POST", url+path, h, mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}))
	if rep.Status != 200 {
		t.Fatalf("POST %s: HTTP %d %s", path, rep.Status, rep.Body)
	}
	env, _ := rep.JSON.(map[string]any)
	if e, ok := env["error"].(map[string]any); ok {
		return nil, e
	}
	return env["result"], nil
}

// executeKw calls object.execute_kw as admin.
func executeKw(t testing.TB, s *Server, model, method string, args []any, kwargs map[string]any) (any, map[string]any) {
	t.Helper()
	if kwargs == nil {
		kwargs = map[string]any{}
	}
	return rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
		"args": []any{s.Database(), 2, DefaultPassword, model, method, args, kwargs}}, "")
}

// mustExec is executeKw that fails the test on an Odoo error.
func mustExec(t testing.TB, s *Server, model, method string, args []any, kwargs map[string]any) any {
	t.Helper()
	res, e := executeKw(t, s, model, method, args, kwargs)
	if e != nil {
		t.Fatalf("%s.%s: %v", model, method, e["data"])
	}
	return res
}

// errName answers data.name of a JSON-RPC error.
func errName(e map[string]any) string {
	data, _ := e["data"].(map[string]any)
	n, _ := data["name"].(string)
	return n
}

func basicAuth(user, pw string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pw))
}
