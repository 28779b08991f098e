package main

import (
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// startDemo starts the -demo servers: an Enterprise 17 source and two
// destinations, "eu" (Enterprise 18, source field created by the transfer)
// and "oca" (OCA helpdesk_mgmt on 16, source field already there, stages
// mapped), all with demo data.
func startDemo() (*world, error) {
	src := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithVersion("17.0"), odootest.WithDemoData())
	eu := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithVersion("18.0"), odootest.WithDemoData())
	oca := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithVersion("16.0"), odootest.WithDemoData())
	servers := []*odootest.Server{src, eu, oca}
	closeAll := func() {
		for _, s := range servers {
			s.Close()
		}
	}
	if err := oca.AddFields("helpdesk.ticket", odootest.Field{Name: helpdesk.DefaultSourceRefField, Type: odootest.TypeChar, String: "Transferred from"}); err != nil {
		closeAll()
		return nil, err
	}
	at := func(s *odootest.Server, name string) *helpdesk.Destination {
		return &helpdesk.Destination{Name: name, URL: s.URL, Database: s.Database(), Login: odootest.DefaultLogin,
			Password: deskbridge.NewSecret(odootest.DefaultPassword), Protocol: "jsonrpc"}
	}
	cfg := &helpdesk.Destinations{Source: at(src, "source"), Destinations: map[string]*helpdesk.Destination{}}
	d := at(eu, "eu")
	d.CreateSourceField = true
	d.CloseStage = helpdesk.StageByName("Solved")
	cfg.Destinations["eu"] = d
	d = at(oca, "oca")
	d.StageMapping = map[string]string{"On Hold": "Awaiting", "Solved": "Done"}
	cfg.Destinations["oca"] = d
	for _, s := range servers {
		if s.URL == "" {
			closeAll()
			return nil, fmt.Errorf("demo server did not start")
		}
	}
	return &world{cfg: cfg, getenv: func(string) string { return "" }, close: closeAll}, nil
}
