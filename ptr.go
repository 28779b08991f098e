package deskbridge

// Ptr returns a pointer to a copy of v, for the optional fields of the
// SDK's payloads: ekiclik.ConfigurationUpdate{ListPrice:
// deskbridge.Ptr(75000.0)}, a helpdesk update's pointer fields.
func Ptr[T any](v T) *T { return &v }
