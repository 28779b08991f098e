//go:build tools

// This file pins the SDK's chosen dependencies while the packages that use
// them are being written; `go mod tidy` keeps what is imported here.
package deskbridge

import (
	_ "github.com/google/go-querystring/query"
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/jarcoal/httpmock"
	_ "golang.org/x/oauth2"
	_ "golang.org/x/time/rate"
)
