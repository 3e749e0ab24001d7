package nodevm

import "unsafe"

// ptrSet is a set of addresses, for walking a VM's objects once each. It
// starts as a map and, past a few thousand addresses, keeps a bitmap of
// each 64 MiB of address space it sees instead (one bit per 16 bytes, the
// smallest object Go allocates): a walk of a million tables then costs a
// bit test each, not a hash map far bigger than the CPU's caches.
type ptrSet struct {
	small  map[unsafe.Pointer]struct{}
	arenas map[uintptr][]uint64
	last   uintptr // the arena of the last address added, and its bits
	bits   []uint64
}

const (
	ptrSetSmall = 4096
	arenaShift  = 26 // 64 MiB of address space a bitmap
	granule     = 4  // an object starts at a multiple of 16 bytes
)

func newPtrSet() *ptrSet { return &ptrSet{small: map[unsafe.Pointer]struct{}{}} }

// add adds p and reports whether it was not there yet.
func (s *ptrSet) add(p unsafe.Pointer) bool {
	if s.arenas == nil {
		if _, ok := s.small[p]; ok {
			return false
		}
		s.small[p] = struct{}{}
		if len(s.small) > ptrSetSmall {
			s.grow()
		}
		return true
	}
	return s.set(uintptr(p))
}

// reset empties the set. It keeps the map's room, but not the bitmaps of
// a set that outgrew it: they take 512 KiB each.
func (s *ptrSet) reset() {
	if s.arenas != nil {
		*s = *newPtrSet()
		return
	}
	clear(s.small)
}

// grow moves the set from its map to bitmaps.
func (s *ptrSet) grow() {
	s.arenas = map[uintptr][]uint64{}
	s.last = ^uintptr(0)
	for p := range s.small {
		s.set(uintptr(p))
	}
	s.small = nil
}

// set sets the bit of address a and reports whether it was clear.
func (s *ptrSet) set(a uintptr) bool {
	if arena := a >> arenaShift; arena != s.last {
		bits, ok := s.arenas[arena]
		if !ok {
			bits = make([]uint64, 1<<(arenaShift-granule-6))
			s.arenas[arena] = bits
		}
		s.last, s.bits = arena, bits
	}
	i := (a & (1<<arenaShift - 1)) >> granule
	w, b := i>>6, uint64(1)<<(i&63)
	if s.bits[w]&b != 0 {
		return false
	}
	s.bits[w] |= b
	return true
}
