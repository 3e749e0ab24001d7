package luapattern

// setElem is an element of a set as gopher-lua's pm parses it: a plain
// byte, or a class (an escape such as %a or %%, or a range).
type setElem struct {
	plain bool // c is a plain byte (else set is the element's class)
	c     byte
	set   *class
}

// parseSet parses the set that starts at pattern[i], just after its '[',
// and returns its class and the index after its ']'. It follows pm's
// reading of sets: a ']' or '-' first in the set is a plain character, "x-y"
// is a range only when x and y are both plain characters (else it matches
// nothing), a range that follows a range matches nothing, and a '-' before
// the closing ']' is a plain '-'.
func parseSet(pattern string, i int) (*class, int, error) {
	negate := false
	if i < len(pattern) && pattern[i] == '^' {
		negate = true
		i++
	}
	var elems []setElem
	inRange := false
	for {
		if i >= len(pattern) {
			return nil, 0, errMissingBracket
		}
		c := pattern[i]
		if c == ']' && len(elems) > 0 {
			i++
			break
		}
		if c == '-' && len(elems) > 0 {
			inRange = true
			i++
			continue
		}
		e := setElem{plain: true, c: c}
		if c == '%' {
			if i+1 >= len(pattern) {
				return nil, 0, errMissingBracket
			}
			e = setElem{set: escapes[pattern[i+1]]}
			i++
		}
		i++
		elems = append(elems, e)
		if inRange {
			lo, hi := elems[len(elems)-2], elems[len(elems)-1]
			r := setElem{set: new(class)}
			if lo.plain && hi.plain && lo.c <= hi.c {
				r.set.addRange(lo.c, hi.c)
			}
			elems = append(elems[:len(elems)-2], r)
			inRange = false
		}
	}
	if inRange {
		elems = append(elems, setElem{plain: true, c: '-'})
	}
	set := new(class)
	for _, e := range elems {
		if e.plain {
			set.add(e.c)
		} else {
			set.union(e.set)
		}
	}
	if negate {
		set.invert()
	}
	return set, i, nil
}
