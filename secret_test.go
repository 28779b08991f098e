package deskbridge_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/leaktest"
)

// holder keeps Secrets the way the SDK's clients and configs do: in
// unexported fields, in a struct reached through a pointer, and in an
// exported one.
type holder struct {
	login  string
	secret deskbridge.Secret
	inner  *struct{ key deskbridge.Secret }
	Shown  deskbridge.Secret
}

func TestSecretNeverPrints(t *testing.T) {
	const pw = "hunter2-correct-horse"
	s := deskbridge.NewSecret(pw)
	h := &holder{login: "bob", secret: s, inner: &struct{ key deskbridge.Secret }{s}, Shown: s}
	leaktest.Check(t, []string{pw}, leaktest.Containers(s)...)
	leaktest.Check(t, []string{pw}, leaktest.Containers(*h)...)
	leaktest.Check(t, []string{pw}, h)
	leaktest.CheckReflect(t, []string{pw}, h)
	if got := leaktest.Recovered(func() { panic(s) }); strings.Contains(got, "hunter2") || got == "" {
		t.Errorf("panic(secret) prints %q", got)
	}
	if got := leaktest.Recovered(func() { panic(*h) }); strings.Contains(got, "hunter2") {
		t.Errorf("panic with a holder prints %q", got)
	}
	if s.Reveal() != pw || s.IsZero() {
		t.Errorf("Reveal = %q, IsZero = %v", s.Reveal(), s.IsZero())
	}
	var zero deskbridge.Secret
	if zero.Reveal() != "" || !zero.IsZero() || !deskbridge.NewSecret("").IsZero() || fmt.Sprint(zero) != "" {
		t.Error("zero Secret is not empty")
	}
	if b, _ := json.Marshal(h); !strings.Contains(string(b), `"Shown":"[REDACTED]"`) {
		t.Errorf("json = %s", b)
	}
}

// A Secret reads from a JSON string or text and marshals masked; omitzero
// leaves an unset one out; the mask itself does not read back as a value.
func TestSecretDecodes(t *testing.T) {
	var cfg struct {
		Password deskbridge.Secret `json:"password,omitzero"`
		Key      deskbridge.Secret `json:"key,omitzero"`
		Token    deskbridge.Secret `json:"token,omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"password": "p\u00e4ss \"w\"", "key": null, "token": ""}`), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Password.Reveal() != `päss "w"` || !cfg.Key.IsZero() || !cfg.Token.IsZero() {
		t.Errorf("read %q, key set %v, token set %v", cfg.Password.Reveal(), !cfg.Key.IsZero(), !cfg.Token.IsZero())
	}
	if b, err := json.Marshal(cfg); err != nil || string(b) != `{"password":"[REDACTED]"}` {
		t.Errorf("marshal = %s, %v", b, err)
	}
	for _, in := range []string{`{"password": "[REDACTED]"}`, `{"password": 12345678901}`, `{"password": ["x"]}`} {
		err := json.Unmarshal([]byte(in), &cfg)
		if err == nil || strings.Contains(err.Error(), "12345678901") {
			t.Errorf("%s: err = %v", in, err)
		}
		if strings.Contains(in, "REDACTED") && !errors.Is(err, deskbridge.ErrMaskedSecret) {
			t.Errorf("%s: err = %v, want ErrMaskedSecret", in, err)
		}
	}
	var s deskbridge.Secret
	var tu encoding.TextUnmarshaler = &s
	if err := tu.UnmarshalText([]byte("t0ken")); err != nil || s.Reveal() != "t0ken" {
		t.Errorf("text = %q, %v", s.Reveal(), err)
	}
	if err := tu.UnmarshalText([]byte("[REDACTED]")); !errors.Is(err, deskbridge.ErrMaskedSecret) {
		t.Errorf("text mask: %v", err)
	}
	if b, _ := s.MarshalText(); string(b) != "[REDACTED]" {
		t.Errorf("MarshalText = %q", b)
	}
}

func TestSecretEqual(t *testing.T) {
	a, b := deskbridge.NewSecret("same-value"), deskbridge.NewSecret("same-value")
	if !a.Equal(b) || a.Equal(deskbridge.NewSecret("other")) || a.Equal(deskbridge.Secret{}) || !(deskbridge.Secret{}).Equal(deskbridge.NewSecret("")) {
		t.Error("Equal compares values")
	}
}

// A program reads a secret from its configuration and hands it to a client
// with Reveal; printing or logging the configuration shows only the mask.
func ExampleSecret() {
	var conf struct {
		Login    string            `json:"login"`
		Password deskbridge.Secret `json:"password"`
	}
	if err := json.Unmarshal([]byte(`{"login": "bot", "password": "s3cret"}`), &conf); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", conf)
	slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("config", "password", conf.Password)
	b, _ := json.Marshal(conf)
	fmt.Println(string(b))
	fmt.Println(len(conf.Password.Reveal()), "bytes to send")
	// Output:
	// {Login:bot Password:[REDACTED]}
	// level=INFO msg=config password=[REDACTED]
	// {"login":"bot","password":"[REDACTED]"}
	// 6 bytes to send
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
