package odootest

// seedDemo creates the demo data (see WithDemoData).
func (s *store) seedDemo() error { return nil }
