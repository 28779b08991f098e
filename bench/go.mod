module github.com/deskbridge/deskbridge/bench

go 1.26

require github.com/deskbridge/deskbridge v0.0.0

require github.com/go-json-experiment/json v1.27.2

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	github.com/kolo/xmlrpc v0.0.0-20201022064351-38db28db192b
	golang.org/x/oauth2 v0.36.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace github.com/deskbridge/deskbridge => ../
