package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"
)

// copyValue copies v into the VM to: strings, numbers and booleans as they
// are, tables deeply (sharing what is shared, up to a depth of 64).
// Functions, coroutines and userdata cannot cross VMs.
func copyValue(to *lua.LState, v lua.LValue) (lua.LValue, error) {
	return copyRec(to, v, map[*lua.LTable]*lua.LTable{}, 0)
}

func copyRec(to *lua.LState, v lua.LValue, seen map[*lua.LTable]*lua.LTable, depth int) (lua.LValue, error) {
	switch v := v.(type) {
	case *lua.LNilType, lua.LBool, lua.LNumber, lua.LString:
		return v, nil
	case *lua.LTable:
		if c, ok := seen[v]; ok {
			return c, nil
		}
		if depth > 64 {
			return nil, fmt.Errorf("tables nested more than 64 deep")
		}
		// Sized to fit: an unsized table's first key makes room for 32.
		keys, array := 0, v.Len()
		v.ForEach(func(lua.LValue, lua.LValue) { keys++ })
		c := to.CreateTable(array, max(keys-array, 0))
		seen[v] = c
		var err error
		v.ForEach(func(k, val lua.LValue) {
			if err != nil {
				return
			}
			var ck, cv lua.LValue
			if ck, err = copyRec(to, k, seen, depth+1); err != nil {
				return
			}
			if cv, err = copyRec(to, val, seen, depth+1); err != nil {
				return
			}
			c.RawSet(ck, cv)
		})
		return c, err
	}
	return nil, fmt.Errorf("a %s cannot be passed between node and script (only nil, booleans, numbers, strings and tables of them)", v.Type())
}
