// Command deskbridge transfers helpdesk tickets between Odoo databases, as
// the Odoo 17 ticket transfer module does, from Odoo 16, 17, 18 or 19 to
// any of them:
//
//	deskbridge check    -config destinations.json [-dest NAME] [-json]
//	deskbridge transfer -config destinations.json -dest NAME -ids 1,2,3 [-c 4] [-close] [-note text] [-dry-run] [-json]
//	deskbridge transfer -config destinations.json -dest NAME -domain "[('stage_id.name', '=', 'New')]"
//	deskbridge history  -config destinations.json [-dest NAME] [-ticket ID] [-json]
//
// With -demo instead of -config every command runs on embedded in-memory
// Odoo servers (odootest): an Enterprise 17 source and two destinations,
// "eu" (Enterprise 18) and "oca" (OCA helpdesk_mgmt on 16), with demo
// data; the history goes to deskbridge-demo-history.jsonl in the system's
// temporary directory unless -history names another file. Nothing to set
// up:
//
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge check -demo
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge transfer -demo -dest eu -ids 1,2,3 -close -note "Moved to the EU desk"
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge history -demo
//
// The configuration file (helpdesk.LoadDestinations) names the source and
// the destinations: URL, database, login, password or API key (in the file
// or, better, by environment variable: password_env, api_key_env), the
// child or parent partner every ticket gets as customer, the stage
// mapping (exact, case-sensitive names), the closing stage and the history
// file:
//
//	{
//	  "source": {"url": "https://old.example.com", "database": "old", "login": "bot", "api_key_env": "OLD_KEY"},
//	  "history": "transfers.jsonl",
//	  "destinations": {
//	    "eu": {"url": "https://eu.example.com", "database": "eu", "login": "bot", "password_env": "EU_PASSWORD",
//	           "stage_mapping": {"In Progress": "Work in progress"}, "close_stage": "Solved", "create_source_field": true}
//	  }
//	}
//
// check tests each destination and lists everything missing at once (the
// login, the helpdesk, the source field, the mapped stages, the partners).
// transfer copies the tickets with their messages, followers and
// attachments; it is safe to run again: a re-run completes what an
// interrupted one left and never duplicates. Each ticket's record is
// appended to the history as it finishes; history shows them, with the
// number of transfers of each ticket.
//
// On a terminal transfer draws a progress bar; -json prints the report
// (check: the checks, history: the records) as JSON. The exit status is 0
// when everything is done, 1 when a ticket failed or was only partly
// transferred, a check found something missing or a server refused, and 2
// for a bad command line.
package main
