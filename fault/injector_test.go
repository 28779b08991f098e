package fault_test

import (
	"reflect"
	"testing"

	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestFakesShowOnlyInjector checks that every fake offers the Injector's
// methods and none of the engine's plumbing (Take, Log, Serve), which the
// fakes once promoted from the internal engine.
func TestFakesShowOnlyInjector(t *testing.T) {
	fakes := map[string]reflect.Type{
		"odootest":   reflect.TypeFor[*odootest.Server](),
		"jutdatest":  reflect.TypeFor[*jutdatest.Server](),
		"ekiclitest": reflect.TypeFor[*ekiclitest.Server](),
	}
	want := reflect.TypeFor[fault.Injector[odoo.Protocol]]()
	for name, typ := range fakes {
		for i := range want.NumMethod() {
			if _, ok := typ.MethodByName(want.Method(i).Name); !ok {
				t.Errorf("%s.Server lacks %s", name, want.Method(i).Name)
			}
		}
		for _, m := range []string{"Take", "Log", "Serve"} {
			if _, ok := typ.MethodByName(m); ok {
				t.Errorf("%s.Server exports the engine's %s", name, m)
			}
		}
	}
}
