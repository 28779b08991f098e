// Package capture reads the request/response pairs recorded from real
// servers (testdata/fixtures/<set>/NN-name.json, the format
// testdata/fixtures/README.md describes) that the fakes' fidelity tests
// replay.
package capture

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Capture is one recorded request and the real server's response.
type Capture struct {
	// File is the path Load read it from.
	File    string `json:"-"`
	Name    string `json:"name"`
	Note    string `json:"note"`
	Request struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Headers map[string]string `json:"headers"`
		Query   map[string]string `json:"query"`
		JSON    json.RawMessage   `json:"json"`
		// Text is a body that is not JSON, nil when the request had none.
		Text *string `json:"text"`
	} `json:"request"`
	Response struct {
		Status      int               `json:"status"`
		ContentType string            `json:"content_type"`
		JSON        json.RawMessage   `json:"json"`
		Text        string            `json:"text"`
		SetCookie   json.RawMessage   `json:"set_cookie"`
		Headers     map[string]string `json:"headers"`
	} `json:"response"`
}

// SetCookies is the response's Set-Cookie headers (the recorder stores
// one as a string, several as a list).
func (c *Capture) SetCookies() []string {
	if len(c.Response.SetCookie) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(c.Response.SetCookie, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(c.Response.SetCookie, &many)
	return many
}

// Load reads every *.json capture of dir, in file-name order (the order
// they were recorded in). A dir without captures is an error.
func Load(dir string) ([]Capture, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("capture: no captures in %s", dir)
	}
	sort.Strings(files)
	out := make([]Capture, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &out[i]); err != nil {
			return nil, fmt.Errorf("capture: %s: %w", f, err)
		}
		out[i].File = f
	}
	return out, nil
}
