package ekiclik

// config is what the options set.
type config struct {
	createBy string
	// noEkiclikFields leaves out create_by (WithEkiclikFields(false));
	// noMatchCount skips the count before an update (WithMatchCount).
	noEkiclikFields bool
	noMatchCount    bool
}

// Option configures a Client. The connection's options (database,
// credentials, login route, HTTP client, retries, rate limit, logger,
// observer) are the odoo.Client's: see New.
type Option func(*config)

// WithCreateBy sets the create_by value sent when a payload leaves it
// empty (default "ekiclik").
func WithCreateBy(name string) Option { return func(c *config) { c.createBy = name } }

// WithEkiclikFields says whether the payloads carry the Ekiclik module's
// create_by field, which every payload of the exchange specification has
// (default true). A stock Odoo with the plain odoo-rest-api module has no
// such field: it refuses the create (builtins.ValueError) and answers a
// PUT with false (deskbridge.ErrNotApplied). WithEkiclikFields(false) leaves create_by
// out of every payload, so that the same client serves a plain server. The
// other fields of the Ekiclik module (a partner's status, is_pos,
// code_pos, ...) are sent as the caller sets them.
func WithEkiclikFields(on bool) Option { return func(c *config) { c.noEkiclikFields = !on } }

// WithMatchCount says whether an update by filter (UpdatePartner and the
// other Update methods) first counts the records the filter matches, with
// one GET, so that it can say how many matched and give deskbridge.ErrNotFound when
// none did (default true): the module answers true to a PUT whatever it
// matched. Without the count the Update methods report -1 matches. The
// count and the PUT are two requests: a record created or changed between
// them is not counted.
func WithMatchCount(on bool) Option { return func(c *config) { c.noMatchCount = !on } }
