// The server's version, read once without credentials and kept.

package odoo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// VersionInfo is the server's version.
type VersionInfo struct {
	// ServerVersion is e.g. "17.0" or "saas~17.2+e".
	ServerVersion string `json:"server_version"`
	// ServerVersionInfo is e.g. [17, 0, 0, "final", 0, ""].
	ServerVersionInfo []any `json:"server_version_info"`
	// ServerSerie is e.g. "17.0" (absent on some routes).
	ServerSerie string `json:"server_serie,omitempty"`
	// ProtocolVersion is the external API's protocol version (1).
	ProtocolVersion int `json:"protocol_version,omitempty"`
	// Major and Minor come from ServerVersionInfo.
	Major int `json:"-"`
	Minor int `json:"-"`
}

// Version returns the server's version. The first successful call asks
// the server, without credentials (common.version,
// /web/webclient/version_info or /web/version); the answer is kept, so
// later calls, and the client's own choices by version (the protocol for
// an API key, the read_group method), cost no request.
func (c *Client) Version(ctx context.Context) (*VersionInfo, error) {
	if v := c.ver.Load(); v != nil {
		return v.clone(), nil
	}
	if ctx == nil {
		return nil, invalidArg("Client.Version", "ctx", "nil context")
	}
	select {
	case c.verSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.verSem }()
	if v := c.ver.Load(); v != nil {
		return v.clone(), nil
	}
	raw, err := c.be.version(ctx)
	if err != nil {
		return nil, c.callError("", "version", err)
	}
	v, err := parseVersion(raw)
	if err != nil {
		return nil, err
	}
	c.ver.Store(v)
	return v.clone(), nil
}

func (v *VersionInfo) clone() *VersionInfo {
	cp := *v
	cp.ServerVersionInfo = slices.Clone(v.ServerVersionInfo)
	return &cp
}

func parseVersion(raw json.RawMessage) (*VersionInfo, error) {
	var v struct {
		VersionInfo
		Version string `json:"version"`
		Info    []any  `json:"version_info"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("odoo: version: %w (%s)", err, snippet(raw, 80))
	}
	vi := v.VersionInfo
	if vi.ServerVersion == "" {
		vi.ServerVersion = v.Version
	}
	if vi.ServerVersionInfo == nil {
		vi.ServerVersionInfo = v.Info
	}
	if len(vi.ServerVersionInfo) > 0 {
		if f, ok := vi.ServerVersionInfo[0].(float64); ok {
			vi.Major = int(f)
		} else if s, ok := vi.ServerVersionInfo[0].(string); ok {
			// "saas~17.2" style
			s = strings.TrimPrefix(s, "saas~")
			fmt.Sscanf(s, "%d.%d", &vi.Major, &vi.Minor)
		}
	}
	if len(vi.ServerVersionInfo) > 1 {
		if f, ok := vi.ServerVersionInfo[1].(float64); ok {
			vi.Minor = int(f)
		}
	}
	if vi.Major == 0 && vi.ServerVersion != "" {
		fmt.Sscanf(strings.TrimPrefix(vi.ServerVersion, "saas~"), "%d.%d", &vi.Major, &vi.Minor)
	}
	return &vi, nil
}
