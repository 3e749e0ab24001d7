package bindings

import (
	"bytes"
	"encoding/json"
	"math"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/wholefile"
)

// jsonObject is a JSON object whose keys keep the order given, so that
// columns come out in the order a script made them.
type jsonObject []jsonField

// jsonField is a key of a jsonObject and its value.
type jsonField struct {
	key   string
	value any
}

// MarshalJSON writes the object, its keys in order.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonNumber is f for JSON, which has no NaN or infinities: those are
// null, a missing value.
func jsonNumber(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// jsonValue is a parameter's value for JSON: a number, a string, a
// boolean or null.
func jsonValue(v lua.LValue) any {
	switch v := v.(type) {
	case lua.LNumber:
		return jsonNumber(float64(v))
	case lua.LString:
		return string(v)
	case lua.LBool:
		return bool(v)
	}
	return nil
}

// formatNumber writes f as JSON does (120, 0.25, 1e-07, 1e+21), or ""
// for a missing value (NaN, an infinity).
func formatNumber(f float64) string {
	v := jsonNumber(f)
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// writeJSON writes v to path, indented, as a new file that replaces path
// whole once written.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return wholefile.Write(path, append(b, '\n'))
}
