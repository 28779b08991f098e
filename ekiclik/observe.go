package ekiclik

// The labels ekiclik's calls carry for the odoo.Client's Observer
// (odoo.WithObserver): every route call, and the login it causes, is a
// deskbridge.CallEvent with System "ekiclik" and Protocol "odoo-rest-api"
// (odoo.RouteRequest.System and Protocol), whatever the odoo.Client's own
// labels. Authenticate, Logout and Close are the odoo.Client's calls and
// carry its labels.
const (
	observerSystem   = "ekiclik"
	observerProtocol = "odoo-rest-api"
)
