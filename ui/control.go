package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// control is a change the page asks for (with --ui-control): a link down
// or up, or the network paused or resumed. The body of POST /control:
//
//	{"action": "down", "link": "wan"}
//	{"action": "pause"}
type control struct {
	Action string `json:"action"`
	Link   string `json:"link,omitempty"`
}

// actions are what a control may ask; the first two name a link.
var actions = []string{"down", "up", "pause", "resume"}

// maxControl is the largest control body read.
const maxControl = 1 << 10

// decodeControl reads a control request's body: one JSON object with a
// known action and, for down and up, a link's name; nothing else.
func decodeControl(body []byte) (control, error) {
	var c control
	if len(body) > maxControl {
		return c, fmt.Errorf("a control request holds at most %d bytes", maxControl)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return control{}, fmt.Errorf("bad control request: %v (send {\"action\": \"down\", \"link\": NAME})", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return control{}, errors.New("bad control request: one JSON object only")
	}
	if !slices.Contains(actions, c.Action) {
		return control{}, fmt.Errorf("bad control request: unknown action %q (want %s)", c.Action, strings.Join(actions, ", "))
	}
	linked := c.Action == "down" || c.Action == "up"
	switch {
	case linked && c.Link == "":
		return control{}, fmt.Errorf("bad control request: %s needs the link's name (\"link\")", c.Action)
	case !linked && c.Link != "":
		return control{}, fmt.Errorf("bad control request: %s takes no link", c.Action)
	}
	return c, nil
}
