package nodevm

import (
	"reflect"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Estimated sizes of gopher-lua's values in the Go heap, in bytes: close
// enough to stop a node that grows without end, not an exact count.
const (
	sizeTable      = 96 // the table itself
	sizeArraySlot  = 16 // an interface in its array part
	sizeHashEntry  = 64 // a key and value in its maps, and the key list
	sizeString     = 16 // a string header, plus its bytes
	sizeFunction   = 64 // a closure, plus its upvalues
	sizeUpvalue    = 48
	sizeUserData   = 48
	sizeThread     = 1024 // a coroutine's state and call frames, plus its stack
	sizeStackValue = 16
	longString     = 256 // strings at least this long are counted once
)

// sizer walks the values a node's VM can reach and adds up their size.
// Values every VM shares (libraries, metatables: see shared) are not the
// node's and are not counted. A long string is counted once however often
// it is reached (a table of a thousand references to one string of 1 MiB
// holds 1 MiB); a short one is counted each time, which costs less to
// find out than it could overstate.
type sizer struct {
	skip    map[unsafe.Pointer]struct{} // shared by every VM
	seen    *ptrSet
	todo    []lua.LValue // containers seen and not yet walked
	size    int64
	objects int
}

// newSizer is a sizer that counts nothing in skip.
func newSizer(skip map[unsafe.Pointer]struct{}) *sizer {
	return &sizer{skip: skip, seen: newPtrSet()}
}

// sizers keeps the sizers of measurements that have ended: the next finds
// its set and list as big as they grew, where growing them again took most
// of the time of measuring a small VM (every node of a big network is
// measured after the heap has grown). Each measurement has its own, so
// nodes running in parallel measure in parallel.
var sizers = sync.Pool{New: func() any { return newSizer(nil) }}

// reset empties z for another measurement, keeping its room.
func (z *sizer) reset() {
	z.seen.reset()
	clear(z.todo)
	z.todo, z.size, z.objects, z.skip = z.todo[:0], 0, 0, nil
}

// vmSize measures p's VM: its globals and registry, main's coroutine, the
// frames waiting for node.recv, and the timer and filter functions Go holds.
func vmSize(p *Program) (size int64, objects int) {
	z := sizers.Get().(*sizer)
	defer sizers.Put(z)
	defer z.reset()
	z.skip = p.parts.skip
	z.add(p.L.G.Global)
	z.add(p.L.G.Registry)
	z.add(p.L)
	if p.co != nil {
		z.add(p.co)
	}
	if p.coFn != nil {
		z.add(p.coFn)
	}
	for _, f := range p.inbox {
		z.add(f)
	}
	for _, fn := range p.held {
		z.add(fn)
	}
	z.run()
	return z.size, z.objects
}

// add counts v: a string at once, a container the first time it is seen
// (its contents when run comes to it).
func (z *sizer) add(v lua.LValue) {
	var ptr unsafe.Pointer
	switch x := v.(type) {
	case lua.LString:
		if len(x) < longString {
			z.size += sizeString + int64(len(x))
			return
		}
		ptr = unsafe.Pointer(unsafe.StringData(string(x)))
	case *lua.LTable:
		ptr = unsafe.Pointer(x)
	case *lua.LFunction:
		ptr = unsafe.Pointer(x)
	case *lua.LUserData:
		ptr = unsafe.Pointer(x)
	case *lua.LState:
		ptr = unsafe.Pointer(x)
	default:
		return // numbers, booleans, nil: held in the value itself
	}
	if _, shared := z.skip[ptr]; shared || !z.seen.add(ptr) {
		return
	}
	z.objects++
	if s, ok := v.(lua.LString); ok {
		z.size += sizeString + int64(len(s))
		return
	}
	z.todo = append(z.todo, v)
}

func (z *sizer) run() {
	for len(z.todo) > 0 {
		v := z.todo[len(z.todo)-1]
		z.todo = z.todo[:len(z.todo)-1]
		switch v := v.(type) {
		case *lua.LTable:
			n, array := 0, v.Len()
			v.ForEach(func(k, val lua.LValue) {
				n++
				z.add(k)
				z.add(val)
			})
			z.size += sizeTable + int64(array)*sizeArraySlot + int64(max(n-array, 0))*sizeHashEntry
			if v.Metatable != nil {
				z.add(v.Metatable)
			}
		case *lua.LFunction:
			z.size += sizeFunction + int64(len(v.Upvalues))*sizeUpvalue
			for _, uv := range v.Upvalues {
				if uv != nil {
					z.add(uv.Value())
				}
			}
			if v.Env != nil {
				z.add(v.Env)
			}
		case *lua.LUserData:
			z.size += sizeUserData
			if f, ok := v.Value.(*luaFrame); ok {
				z.size += int64(unsafe.Sizeof(*f))
				if len(f.data) > len(f.small) {
					z.size += int64(len(f.data))
				}
			}
			if v.Env != nil {
				z.add(v.Env)
			}
			if v.Metatable != nil {
				z.add(v.Metatable)
			}
		case *lua.LState:
			stack := stackOf(v)
			z.size += sizeThread + int64(len(stack))*sizeStackValue
			for _, x := range stack {
				if x != nil {
					z.add(x)
				}
			}
		}
	}
}

// stackOf returns the values on a thread's stack, which gopher-lua keeps
// unexported (its registry): a coroutine suspended in node.recv holds
// main's locals there. It returns nil if this version of gopher-lua lays
// its state out otherwise (TestStackOfSeesLocals notices).
func stackOf(th *lua.LState) []lua.LValue {
	if registryOffset == 0 {
		return nil
	}
	reg := *(**registryView)(unsafe.Add(unsafe.Pointer(th), registryOffset))
	if reg == nil {
		return nil
	}
	return reg.array[:min(max(reg.top, 0), len(reg.array))]
}

// registryView is the start of gopher-lua's registry: its values and top.
type registryView struct {
	array []lua.LValue
	top   int
}

// registryOffset is where an LState keeps its registry pointer, or 0 if
// the registry is not laid out as registryView says.
var registryOffset = func() uintptr {
	f, ok := reflect.TypeOf(lua.LState{}).FieldByName("reg")
	if !ok || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
		return 0
	}
	reg := f.Type.Elem()
	if reg.NumField() < 2 || reg.Field(0).Type != reflect.TypeOf([]lua.LValue(nil)) ||
		reg.Field(1).Type.Kind() != reflect.Int || reg.Field(1).Offset != unsafe.Offsetof(registryView{}.top) {
		return 0
	}
	return f.Offset
}()

// sharedSet is every table, function and userdata reachable from roots:
// the parts all VMs share, which no node's size counts. They are a few
// hundred, so the set stays a map (ptrSet).
func sharedSet(roots ...lua.LValue) map[unsafe.Pointer]struct{} {
	z := newSizer(nil)
	for _, r := range roots {
		z.add(r)
	}
	z.run()
	if z.seen.small == nil {
		panic("bindings: the shared parts of node VMs outgrew a ptrSet's map")
	}
	return z.seen.small
}
