package jutda

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
)

func TestSafeRedirect(t *testing.T) {
	req := func(u string) *http.Request { p, _ := url.Parse(u); return &http.Request{URL: p} }
	first := []*http.Request{req("https://help.example.com/api/create_ticket/")}
	tests := []struct {
		to   string
		want error
	}{
		{"https://help.example.com/helpdesk/api/create_ticket/", nil},
		{"https://help.example.com:8443/api/create_ticket/", nil},
		{"https://evil.example.net/api/create_ticket/", errRedirect},
		{"http://help.example.com/api/create_ticket/", errRedirect},
	}
	for _, tc := range tests {
		if err := safeRedirect(nil)(req(tc.to), first); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.to, err, tc.want)
		}
	}
	if err := safeRedirect(nil)(req("https://x.example/"), []*http.Request{req("http://x.example/")}); err != nil {
		t.Errorf("http to https upgrade refused: %v", err)
	}
	called := false
	theirs := func(*http.Request, []*http.Request) error { called = true; return http.ErrUseLastResponse }
	if err := safeRedirect(theirs)(req("https://help.example.com/x"), first); err != http.ErrUseLastResponse || !called {
		t.Errorf("caller's CheckRedirect not consulted: %v", err)
	}
	hc := &http.Client{CheckRedirect: theirs}
	out, own := httpClient(hc)
	if out == hc || own != nil || hc.CheckRedirect == nil || out.CheckRedirect == nil {
		t.Error("the caller's client was modified or not wrapped")
	}
}
