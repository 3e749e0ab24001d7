package lua

// AliasSource makes the state, and its coroutines, name the functions
// compiled under the source name from (their FunctionProto.SourceName)
// to instead, in error positions, tracebacks and debug information. States
// that run one compiled chunk, each under a name of its own, so share its
// prototypes rather than copy them to rename them. The first alias given
// for a name holds.
func (ls *LState) AliasSource(from, to string) {
	for _, a := range ls.G.sourceAliases {
		if a.from == from {
			return
		}
	}
	ls.G.sourceAliases = append(ls.G.sourceAliases, sourceAlias{from, to})
}

// sourceName is the name the state gives the source of p.
func (ls *LState) sourceName(p *FunctionProto) string {
	for _, a := range ls.G.sourceAliases {
		if a.from == p.SourceName {
			return a.to
		}
	}
	return p.SourceName
}
