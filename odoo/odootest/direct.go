package odootest

import (
	"fmt"
	"sort"

	"github.com/deskbridge/deskbridge/domain"
)

// --- ORM helpers for tests (no call log, no faults) --------------------------

// rootCtx is the superuser with chatter side effects off (Odoo's
// tracking_disable): test fixtures stay quiet.
var rootCtx = &callCtx{uid: 1, context: map[string]any{"tracking_disable": true}}

func (s *Server) modelOf(name string) (*model, error) {
	m := s.st.models[name]
	if m == nil {
		return nil, errUnknownModel(name)
	}
	return m, nil
}

// Create creates a record as the superuser and answers its id. vals use
// the wire forms (many2one ids, x2many commands or id lists). Unlike a
// create over the wire, it logs no creation message and subscribes no
// follower (Odoo's tracking_disable context). An "id" in vals chooses the
// record's id (a fixture replaying a captured database keeps the ids its
// captures name); the next ids follow the highest one. An id in use is an
// error.
func (s *Server) Create(model string, vals map[string]any) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOf(model)
	if err != nil {
		return 0, err
	}
	vals = normalize(vals).(map[string]any)
	next := m.nextID
	if v, ok := vals["id"]; ok {
		id := asID(v)
		if id <= 0 || m.records[id] != nil {
			return 0, fmt.Errorf("odootest: Create %s: id %v is not free", model, v)
		}
		delete(vals, "id")
		m.nextID = id
	}
	s.st.begin()
	id, oe := s.st.create(rootCtx, m, vals)
	if oe != nil {
		s.st.rollback()
		m.nextID = next
		return 0, oe
	}
	s.st.commit()
	m.nextID = max(next, m.nextID)
	return id, nil
}

// Write updates records as the superuser, without tracking messages.
func (s *Server) Write(model string, ids []int64, vals map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOf(model)
	if err != nil {
		return err
	}
	s.st.begin()
	if oe := s.st.write(rootCtx, m, ids, normalize(vals).(map[string]any)); oe != nil {
		s.st.rollback()
		return oe
	}
	s.st.commit()
	return nil
}

// Record answers a record as read would (many2one [id, name], false for
// empty values), with every field; archived records too.
func (s *Server) Record(model string, id int64) (map[string]any, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.st.models[model]
	if m == nil {
		return nil, false
	}
	rows := s.st.reader(rootCtx).readRows(m, []int64{id}, nil)
	if len(rows) == 0 {
		return nil, false
	}
	return rows[0].toMap(), true
}

// Search answers the ids matching d in the model's default order,
// archived records included. It answers nil for an unknown model or an
// invalid domain.
func (s *Server) Search(model string, d domain.Domain) []int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.st.models[model]
	if m == nil {
		return nil
	}
	ids, err := s.st.reader(&callCtx{uid: 1, context: map[string]any{"active_test": false}}).search(m, d, 0, -1, m.order)
	if err != nil {
		return nil
	}
	return ids
}

// Count answers how many records match d (archived included); an int64
// like search_count's answer (odoo.Client.SearchCount).
func (s *Server) Count(model string, d domain.Domain) int64 { return int64(len(s.Search(model, d))) }

// RegisterModel adds a model (for example a custom x_ model). ir.model
// lists it.
func (s *Server) RegisterModel(m Model) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range m.Fields {
		if f.Relation != "" && s.st.models[f.Relation] == nil && f.Relation != m.Name {
			return fmt.Errorf("odootest: model %s: field %s: unknown relation %s", m.Name, f.Name, f.Relation)
		}
	}
	return s.st.register(m)
}

// AddFields adds fields to an installed model, as a module or a custom
// x_ field would (for example a reference field a sync job stores).
// Existing records read the new fields as empty.
func (s *Server) AddFields(model string, fields ...Field) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addFields(model, fields...)
}

func (s *store) addFields(model string, fields ...Field) error {
	m := s.models[model]
	if m == nil {
		return fmt.Errorf("odootest: AddFields: unknown model %s", model)
	}
	tmp, err := newModel(Model{Name: model, Fields: fields}, s.version)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if m.fields[f.Name] != nil {
			return fmt.Errorf("odootest: AddFields: %s.%s exists", model, f.Name)
		}
		if f.Relation != "" && s.models[f.Relation] == nil {
			return fmt.Errorf("odootest: AddFields: %s.%s: unknown relation %s", model, f.Name, f.Relation)
		}
	}
	for _, f := range fields {
		m.fields[f.Name] = tmp.fields[f.Name]
		m.fieldOrder = append(m.fieldOrder, f.Name)
	}
	return nil
}

// Unlink deletes records as the superuser (cascading like unlink).
func (s *Server) Unlink(model string, ids []int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOf(model)
	if err != nil {
		return err
	}
	s.st.begin()
	if oe := s.st.unlink(rootCtx, m, ids); oe != nil {
		s.st.rollback()
		return oe
	}
	s.st.commit()
	return nil
}

// Models answers the names of the installed models, sorted.
func (s *Server) Models() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := append([]string{}, s.st.order...)
	sort.Strings(out)
	return out
}
