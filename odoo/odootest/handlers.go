package odootest

import (
	"context"
	"errors"
	"sync"
)

// MethodCall is one call of a method registered with HandleMethod, as the
// server received it over any protocol.
type MethodCall struct {
	// Model and Method are the called model and method.
	Model, Method string
	// Args are the positional arguments (for a record method the first is
	// the ids, as over JSON-RPC; JSON-2 and REST v2 calls put their "ids"
	// there too) and Kwargs the keyword arguments, "context" removed.
	Args   []any
	Kwargs map[string]any
	// Context is the call's Odoo context (nil when none was sent).
	Context map[string]any
	// UID and Login are the calling user.
	UID   int64
	Login string
}

// MethodFunc answers a MethodCall: the result is sent as the call's JSON
// result (encoded like encoding/json); an error is sent as an Odoo
// exception, a *MethodError as the exception it names, any other error as
// odoo.exceptions.UserError with the error's text.
type MethodFunc func(ctx context.Context, call MethodCall) (any, error)

// MethodError is an Odoo exception a MethodFunc raises, e.g.
// {Exception: "odoo.exceptions.ValidationError", Message: "..."}.
type MethodError struct {
	Exception string // fully qualified Python name; default odoo.exceptions.UserError
	Message   string
}

// Error returns "exception: message".
func (e *MethodError) Error() string { return e.Exception + ": " + e.Message }

// HandleMethod makes the server answer model.method with fn, on every
// protocol, ahead of the built-in methods: a custom action
// (action_escalate), a method of a module the fake lacks, or a built-in
// one overridden for a test. model need not be registered. The call is
// logged like any other (Calls, CallCount); fn runs without the server's
// lock held, so it may call Create, Write, Record and the rest. A nil fn
// removes the handler.
func (s *Server) HandleMethod(model, method string, fn MethodFunc) {
	s.handlers.mu.Lock()
	defer s.handlers.mu.Unlock()
	if s.handlers.m == nil {
		s.handlers.m = map[[2]string]MethodFunc{}
	}
	if fn == nil {
		delete(s.handlers.m, [2]string{model, method})
		return
	}
	s.handlers.m[[2]string{model, method}] = fn
}

// methodHandlers holds the HandleMethod functions.
type methodHandlers struct {
	mu sync.RWMutex
	m  map[[2]string]MethodFunc
}

// handled runs the handler of model.method when there is one; ok reports
// whether there was.
func (s *Server) handled(c *callCtx, login, model, method string, pos []any, kw map[string]any) (res any, ids []int64, err *odooError, ok bool) {
	s.handlers.mu.RLock()
	fn := s.handlers.m[[2]string{model, method}]
	s.handlers.mu.RUnlock()
	if fn == nil {
		return nil, nil, nil, false
	}
	if len(pos) > 0 {
		ids, _ = asIDList(pos[0])
	}
	r, e := fn(context.Background(), MethodCall{Model: model, Method: method, Args: pos, Kwargs: kw, Context: c.context, UID: c.uid, Login: login})
	if e != nil {
		var me *MethodError
		if errors.As(e, &me) {
			name := me.Exception
			if name == "" {
				name = excUserError
			}
			return nil, ids, &odooError{Name: name, Message: me.Message}, true
		}
		return nil, ids, &odooError{Name: excUserError, Message: e.Error()}, true
	}
	return r, ids, nil, true
}

// hasHandler reports whether HandleMethod registered a method of model.
func (s *Server) hasHandler(model string) bool {
	s.handlers.mu.RLock()
	defer s.handlers.mu.RUnlock()
	for k := range s.handlers.m {
		if k[0] == model {
			return true
		}
	}
	return false
}
