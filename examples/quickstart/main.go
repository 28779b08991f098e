// Quickstart is a short tour of the deskbridge helpdesk API: it detects the
// server's helpdesk flavor, lists the teams with their stages and the open
// tickets, then creates a ticket with tags, moves it to the next stage, posts
// an internal note, shows its SLA policies and status and, with -cleanup,
// deletes it. Teams, stages, tags and SLA policies come through the
// catalog cache (helpdesk.WithCatalogCache): read once, then from memory.
//
//	go run ./examples/quickstart             # embedded demo server, nothing to set up
//	go run ./examples/quickstart -flavor oca # the OCA helpdesk_mgmt schema (no SLAs)
//	go run ./examples/quickstart -flavor oca-sla # OCA with its SLA module, helpdesk_mgmt_sla
//	go run ./examples/quickstart -cleanup    # delete the ticket it created
//	go run ./examples/quickstart -version 16.0  # the embedded server answers as Odoo 16.0 (17.0, 18.0; default 19.0)
//
// Without ODOO_URL it starts an embedded in-memory Odoo (odoo/odootest) with
// demo data and says so on its first line. To run against a real server set:
//
//	ODOO_URL            e.g. https://odoo.example.com
//	ODOO_DB             the database
//	ODOO_LOGIN          the user's login
//	ODOO_PASSWORD       the password, or
//	ODOO_API_KEY        an API key (used instead of the password by jsonrpc; needed by json2)
//	ODOO_PROTOCOL       jsonrpc, web, json2 (Odoo 19) or restv2 (REST v2 add-on); unset: web for a password, json2 (19+) or jsonrpc for an API key
//	ODOO_CLIENT_ID      restv2 only: the OAuth2 client id (setting it makes restv2 the default)
//	ODOO_CLIENT_SECRET  restv2 only: the OAuth2 client secret
//
// ODOO_PROTOCOL also applies to the embedded server. Against a real server
// the ticket it creates is named "Printer on fire (deskbridge quickstart)";
// it posts an internal note, so no customer is e-mailed. Errors end the
// program with exit status 1 and one line on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TicketName is the subject of the ticket the quickstart creates.
const TicketName = "Printer on fire (deskbridge quickstart)"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(os.Stderr, "quickstart", err))
}

// run is the program: args are the flags, env reads the environment.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cleanup := fs.Bool("cleanup", false, "delete the ticket the quickstart creates")
	flavorName := fs.String("flavor", "enterprise", "helpdesk schema of the embedded server: enterprise, oca or oca-sla (OCA with helpdesk_mgmt_sla)")
	limit := fs.Int("limit", 12, "how many open tickets to list")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	odooVersion := fs.String("version", "", "Odoo version the embedded server answers as: 16.0, 17.0, 18.0 or 19.0 (default 19.0; 18.0 with -flavor oca-sla)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: quickstart [-cleanup] [-flavor enterprise|oca|oca-sla] [-version 16.0|17.0|18.0|19.0] [-limit n] [-timeout d]")
		fmt.Fprintln(fs.Output(), "Runs against an embedded demo server, or the server named by ODOO_URL (see go doc ./examples/quickstart).")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var flavor odootest.Flavor
	fake := []odootest.Option{odootest.WithDemoData()}
	switch strings.ToLower(*flavorName) {
	case "enterprise":
		flavor = odootest.Enterprise
	case "oca":
		flavor = odootest.OCA
	case "oca-sla":
		flavor = odootest.OCA
		fake = append(fake, odootest.WithSLAModule())
		if *odooVersion == "" {
			*odooVersion = "18.0"
		}
	default:
		return fmt.Errorf("-flavor %q: want enterprise, oca or oca-sla", *flavorName)
	}
	switch *odooVersion {
	case "":
	case "16.0", "17.0", "18.0", "19.0":
		fake = append(fake, odootest.WithVersion(*odooVersion))
	default:
		return fmt.Errorf("-version %q: want 16.0, 17.0, 18.0 or 19.0", *odooVersion)
	}
	if *limit < 1 {
		return errors.New("-limit must be at least 1")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	start := time.Now()

	cfg, err := odoo.ReadEnv(env)
	if err != nil {
		return err
	}
	embedded := cfg.URL == ""
	if embedded {
		srv := startEmbedded(&cfg, append(fake, odootest.WithFlavor(flavor))...)
		defer srv.Close()
		fmt.Fprintf(stdout, "No ODOO_URL set: started an embedded Odoo test server (odootest, %s helpdesk, demo data) at %s.\n", *flavorName, srv.URL)
	} else {
		fmt.Fprintf(stdout, "Connecting to %s.\n", cfg)
	}

	client, err := cfg.Connect(ctx, odoo.WithUserAgent("deskbridge-example"))
	if err != nil {
		return err
	}
	version := "version unknown"
	if v, err := client.Version(ctx); err == nil {
		version = "Odoo " + v.ServerVersion
	}
	who := cfg.Login
	if uid := client.UID(); uid > 0 {
		who += fmt.Sprintf(" (uid %d)", uid)
	}
	if who == "" {
		who = "API key"
	}
	fmt.Fprintf(stdout, "Logged in as %s on %s, protocol %s.\n", who, version, client.Protocol())

	// Teams, stages, types, tags and SLA policies change a few times a
	// year: keep them a minute, then check with one small request.
	hd, err := helpdesk.New(client, helpdesk.WithCatalogCache(time.Minute))
	if err != nil {
		return err
	}
	fl, err := hd.Flavor(ctx)
	if err != nil {
		return fmt.Errorf("detecting the helpdesk: %w", err)
	}
	sla := "no SLAs"
	if fl.HasSLA() {
		sla = "SLAs"
	}
	fmt.Fprintf(stdout, "Helpdesk flavor: %s (teams in %s, stages in %s, %s).\n", fl.Name, fl.Team.Model, fl.Stage.Model, sla)

	q := quickstart{hd: hd, flavor: fl, out: stdout}
	teams, err := q.teams(ctx)
	if err != nil {
		return err
	}
	if err := q.openTickets(ctx, *limit); err != nil {
		return err
	}
	if len(teams) == 0 {
		return errors.New("the server has no helpdesk team to create a ticket in")
	}
	if err := q.cached(ctx, teams); err != nil {
		return err
	}
	// a team that uses SLAs, if there is one, so that the SLA step has something to show
	team := teams[0]
	for _, t := range teams {
		if t.UseSLA {
			team = t
			break
		}
	}
	id, err := q.createTicket(ctx, team)
	if err != nil {
		return err
	}
	keep := true
	if *cleanup {
		// Delete the ticket even when a later step fails.
		defer func() {
			if keep {
				_ = hd.Tickets.Delete(context.WithoutCancel(ctx), []int64{id})
			}
		}()
	}
	if err := q.work(ctx, id, team); err != nil {
		return err
	}

	fmt.Fprintln(stdout)
	switch {
	case *cleanup:
		if err := hd.Tickets.Delete(ctx, []int64{id}); err != nil {
			return fmt.Errorf("deleting ticket %d: %w", id, err)
		}
		keep = false
		fmt.Fprintf(stdout, "Deleted ticket #%d (-cleanup).\n", id)
	case embedded:
		fmt.Fprintf(stdout, "Ticket #%d stays until the embedded server stops (-cleanup deletes it).\n", id)
	default:
		fmt.Fprintf(stdout, "Ticket #%d stays on the server; run with -cleanup to delete it.\n", id)
	}
	fmt.Fprintf(stdout, "Done in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// quickstart holds what the steps share.
type quickstart struct {
	hd     *helpdesk.Service
	flavor helpdesk.Flavor
	out    io.Writer
	stages map[int64][]helpdesk.Stage // by team id
}

// teams lists the teams and their stages, and keeps the stages.
func (q *quickstart) teams(ctx context.Context) ([]helpdesk.Team, error) {
	teams, err := q.hd.Teams.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing teams: %w", err)
	}
	fmt.Fprintf(q.out, "\nTeams and their stages (%d teams; closing stages marked *):\n", len(teams))
	q.stages = make(map[int64][]helpdesk.Stage, len(teams))
	var rows [][]string
	for _, t := range teams {
		stages, err := q.hd.Stages.List(ctx, t.ID)
		if err != nil {
			return nil, fmt.Errorf("listing the stages of team %q: %w", t.Name, err)
		}
		q.stages[t.ID] = stages
		names := make([]string, len(stages))
		for i, s := range stages {
			names[i] = s.Name
			if s.Closed {
				names[i] += "*"
			}
		}
		rows = append(rows, []string{"  " + t.Name, strings.Join(names, " → ")})
	}
	return teams, table(q.out, []string{"  TEAM", "STAGES"}, rows)
}

// cached reads the teams and their stages again: from the catalog cache,
// without a request.
func (q *quickstart) cached(ctx context.Context, teams []helpdesk.Team) error {
	start := time.Now()
	again, err := q.hd.Teams.List(ctx)
	if err != nil {
		return fmt.Errorf("listing teams: %w", err)
	}
	for _, t := range again {
		if _, err := q.hd.Stages.List(ctx, t.ID); err != nil {
			return fmt.Errorf("listing the stages of team %q: %w", t.Name, err)
		}
	}
	fmt.Fprintf(q.out, "Read the %d teams and their stages again from the catalog cache in %s (no request; kept 1m, then checked with one).\n",
		len(again), time.Since(start).Round(time.Microsecond))
	return nil
}

// openTickets prints the most urgent open tickets as a table.
func (q *quickstart) openTickets(ctx context.Context, limit int) error {
	tickets, err := q.hd.Tickets.List(ctx, &helpdesk.TicketListOptions{
		State: helpdesk.StateOpen, Sort: helpdesk.SortPriority, Desc: true, Limit: limit,
	})
	if err != nil {
		return fmt.Errorf("listing open tickets: %w", err)
	}
	// How many there are in all: tickets whose stage does not close them.
	f := q.flavor
	total, err := q.hd.Client().SearchCount(ctx, f.Ticket.Model, domain.Eq(f.Ticket.Stage+"."+f.Stage.Closed, false), nil)
	if err != nil {
		return fmt.Errorf("counting open tickets: %w", err)
	}
	fmt.Fprintf(q.out, "\nOpen tickets: %d, the %d most urgent:\n", total, len(tickets))
	rows := make([][]string, 0, len(tickets))
	for _, t := range tickets {
		customer := t.PartnerName
		if customer == "" {
			customer = t.Partner.Name
		}
		rows = append(rows, []string{
			"  " + strconv.FormatInt(t.ID, 10), t.Priority.String(), t.Stage.Name, t.Team.Name,
			orDash(t.User.Name), orDash(cut(customer, 20)), cut(t.Name, 40),
		})
	}
	return table(q.out, []string{"  ID", "PRIORITY", "STAGE", "TEAM", "ASSIGNED", "CUSTOMER", "SUBJECT"}, rows)
}

// createTicket creates the quickstart's ticket in team with up to two tags.
func (q *quickstart) createTicket(ctx context.Context, team helpdesk.Team) (int64, error) {
	var tagIDs []int64
	var tagNames []string
	if q.flavor.HasTags() {
		tags, err := q.hd.Tags.List(ctx)
		if err != nil {
			return 0, fmt.Errorf("listing tags: %w", err)
		}
		for _, t := range tags[:min(2, len(tags))] {
			tagIDs = append(tagIDs, t.ID)
			tagNames = append(tagNames, t.Name)
		}
	}
	id, err := q.hd.Tickets.Create(ctx, helpdesk.TicketCreate{
		Name:        TicketName,
		Description: "<p>Created by the deskbridge quickstart example.</p>",
		TeamID:      team.ID,
		Priority:    helpdesk.PriorityHigh,
		TagIDs:      tagIDs,
	})
	if err != nil {
		return 0, fmt.Errorf("creating a ticket: %w", err)
	}
	t, err := q.hd.Tickets.Get(ctx, id)
	if err != nil {
		return id, fmt.Errorf("reading ticket %d: %w", id, err)
	}
	tags := "no tags (the server has none)"
	if len(tagNames) > 0 {
		tags = "tags " + strings.Join(tagNames, ", ")
	}
	fmt.Fprintf(q.out, "\nCreated ticket #%d %q in team %s, stage %s, priority %s, %s.\n",
		t.ID, t.Name, t.Team.Name, t.Stage.Name, t.Priority, tags)
	return id, nil
}

// work moves the ticket to its team's next stage, posts a note and shows
// the ticket's SLA status.
func (q *quickstart) work(ctx context.Context, id int64, team helpdesk.Team) error {
	t, err := q.hd.Tickets.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("reading ticket %d: %w", id, err)
	}
	stages := q.stages[team.ID]
	next := -1
	for i, s := range stages {
		if s.ID == t.Stage.ID && i+1 < len(stages) {
			next = i + 1
		}
	}
	if next < 0 {
		fmt.Fprintf(q.out, "Ticket #%d is in stage %s, the last one of team %s: not moved.\n", id, t.Stage.Name, team.Name)
	} else {
		if err := q.hd.Tickets.MoveToStage(ctx, id, stages[next].ID); err != nil {
			return fmt.Errorf("moving ticket %d: %w", id, err)
		}
		fmt.Fprintf(q.out, "Moved ticket #%d from %s to %s.\n", id, t.Stage.Name, stages[next].Name)
	}

	msgID, err := q.hd.Messages.Post(ctx, id, helpdesk.MessagePost{
		Body: "<p>Toner replaced, the printer is cooling down.</p>", Internal: true,
	})
	if err != nil {
		return fmt.Errorf("posting on ticket %d: %w", id, err)
	}
	msgs, err := q.hd.Messages.List(ctx, id)
	if err != nil {
		return fmt.Errorf("reading the messages of ticket %d: %w", id, err)
	}
	changes, err := q.trackedChanges(ctx, msgs)
	if err != nil {
		return fmt.Errorf("reading the tracked changes of ticket %d: %w", id, err)
	}
	fmt.Fprintf(q.out, "Posted an internal note (message %d); the ticket's chatter now has %d messages:\n", msgID, len(msgs))
	rows := make([][]string, 0, len(msgs))
	for _, m := range msgs {
		text := plain(m.Body)
		if text == "" {
			text = strings.Join(changes[m.ID], "; ")
		}
		rows = append(rows, []string{"  " + m.Type, m.Subtype.Name, cut(orDash(text), 60)})
	}
	if err := table(q.out, []string{"  TYPE", "SUBTYPE", "TEXT"}, rows); err != nil {
		return err
	}

	if !q.flavor.HasSLA() {
		fmt.Fprintf(q.out, "SLA: this server has no SLA module (the %s helpdesk without helpdesk_mgmt_sla has no SLA models), nothing to show.\n", q.flavor.Name)
		return nil
	}
	policies, err := q.hd.SLAs.List(ctx, team.ID)
	if err != nil {
		return fmt.Errorf("listing the SLA policies of team %q: %w", team.Name, err)
	}
	fmt.Fprintf(q.out, "SLA policies of team %s: %d\n", team.Name, len(policies))
	rows = rows[:0]
	for _, p := range policies {
		target := p.Stage.Name
		if target == "" {
			target = "-"
		}
		rows = append(rows, []string{"  " + p.Name, p.Time.String(), target, orDash(strings.Trim(p.DomainText, "[]"))})
	}
	if err := table(q.out, []string{"  POLICY", "TIME", "STAGE TO REACH", "DOMAIN"}, rows); err != nil {
		return err
	}
	statuses, err := q.hd.SLAStatus.ForTicket(ctx, id)
	if err != nil {
		return fmt.Errorf("reading the SLA status of ticket %d: %w", id, err)
	}
	if len(statuses) == 0 {
		fmt.Fprintf(q.out, "SLA status: no SLA policy of team %s applies to ticket #%d.\n", team.Name, id)
		return nil
	}
	fmt.Fprintf(q.out, "SLA status of ticket #%d:\n", id)
	rows = rows[:0]
	for _, s := range statuses {
		rows = append(rows, []string{"  " + s.SLA.Name, string(s.Status), when(s.Deadline), when(s.ReachedAt)})
	}
	return table(q.out, []string{"  SLA", "STATUS", "DEADLINE (UTC)", "REACHED (UTC)"}, rows)
}

// trackedChanges reads the changes that tracking messages (logs without a
// body, e.g. a stage change) record in mail.tracking.value, as
// "Stage: New → In Progress" by message id. The field naming the changed
// field differs between versions (field_desc up to 16, field_id and its
// name after), so the fields are asked for as the server has them.
func (q *quickstart) trackedChanges(ctx context.Context, msgs []helpdesk.Message) (map[int64][]string, error) {
	var ids []int64
	for _, m := range msgs {
		if plain(m.Body) == "" {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	c := q.hd.Client()
	const model = "mail.tracking.value"
	have, err := c.FieldsGet(ctx, model, &odoo.FieldsGetOptions{Attributes: []string{"type"}})
	if err != nil {
		return nil, err
	}
	var fields []string
	for _, f := range []string{"mail_message_id", "field_desc", "field_id", "old_value_char", "new_value_char"} {
		if _, ok := have[f]; ok {
			fields = append(fields, f)
		}
	}
	rows, err := c.SearchRead(ctx, model, domain.In("mail_message_id", ids...), &odoo.SearchOptions{Fields: fields, Order: "id"})
	if err != nil {
		return nil, err
	}
	name := func(v any) string { // a many2one [id, "name"], or false
		if pair, ok := v.([]any); ok && len(pair) == 2 {
			s, _ := pair[1].(string)
			return s
		}
		return ""
	}
	text := func(v any) string {
		s, _ := v.(string)
		return orDash(s)
	}
	out := map[int64][]string{}
	for _, r := range rows {
		pair, _ := r["mail_message_id"].([]any)
		if len(pair) == 0 {
			continue
		}
		msg, _ := pair[0].(float64)
		field, _ := r["field_desc"].(string)
		if field == "" {
			field = name(r["field_id"])
		}
		out[int64(msg)] = append(out[int64(msg)], fmt.Sprintf("%s: %s → %s", field, text(r["old_value_char"]), text(r["new_value_char"])))
	}
	return out, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// plain drops the HTML tags of a message body, enough for a one-line view.
func plain(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// startEmbedded starts an odootest server with opts and points cfg at it
// with the server's default credentials for cfg's protocol.
func startEmbedded(cfg *odoo.EnvConfig, opts ...odootest.Option) *odootest.Server {
	srv := odootest.NewServer(opts...)
	cfg.URL, cfg.Database = srv.URL, srv.Database()
	cfg.Login, cfg.Password = odootest.DefaultLogin, deskbridge.NewSecret(odootest.DefaultPassword)
	switch cfg.Protocol {
	case odoo.JSON2:
		cfg.APIKey = deskbridge.NewSecret(odootest.DefaultAPIKey)
	case odoo.RESTv2:
		cfg.ClientID, cfg.ClientSecret = odootest.DefaultClientID, deskbridge.NewSecret(odootest.DefaultClientSecret)
	}
	return srv
}

// table prints rows under header as aligned columns.
func table(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// cut shortens s to at most n runes, ending with "…" when cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n && n > 0 {
		return string(r[:n-1]) + "…"
	}
	return s
}

// errUsage marks a bad command line, which the flag package has explained.
var errUsage = errors.New("usage")

// parseFlags parses args with fs (made with flag.ContinueOnError): -h
// answers flag.ErrHelp, a bad flag or a stray argument errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// exitCode reports err on stderr as one line "prog: message" and answers
// the exit status: 0 for nil and -h, 2 for a bad command line, 1 otherwise.
func exitCode(stderr io.Writer, prog string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "%s: %s\n", prog, strings.Join(strings.Fields(err.Error()), " "))
	return 1
}
