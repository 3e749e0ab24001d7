package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Formats are the extensions Write knows, and what each writes.
var Formats = []string{".dot", ".json", ".svg", ".png"}

// Graphviz is the graphviz program that draws pictures: neato, which lays
// out undirected graphs by their edges' lengths.
const Graphviz = "neato"

// Write writes g to path (created or truncated) in the format its
// extension names: .dot (WriteDOT), .json (WriteNetJSON), .svg and .png
// (the DOT drawn by graphviz's neato when it is on the PATH; otherwise
// WriteSVG and WritePNG, meshlua's own layout). It returns what drew a
// picture (DrawnByGraphviz or DrawnByMeshlua; "" for .dot and .json). A
// file that could not be written whole is removed.
func Write(path string, g *Graph) (drawnBy string, err error) {
	ext := strings.ToLower(filepath.Ext(path))
	var write func(io.Writer, *Graph) error
	switch ext {
	case ".dot":
		write = WriteDOT
	case ".json":
		write = WriteNetJSON
	case ".svg", ".png":
		if bin, err := exec.LookPath(Graphviz); err == nil {
			write = func(w io.Writer, g *Graph) error { return drawWith(bin, ext[1:], w, g) }
			drawnBy = DrawnByGraphviz
		} else {
			write = map[string]func(io.Writer, *Graph) error{".svg": WriteSVG, ".png": WritePNG}[ext]
			drawnBy = DrawnByMeshlua
		}
	default:
		return "", fmt.Errorf("cannot write %q: name a file ending in %s", path, strings.Join(Formats, ", "))
	}
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	err = write(f, g)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", err
	}
	return drawnBy, nil
}

// What drew a picture, as Write says.
const (
	DrawnByGraphviz = "graphviz's " + Graphviz
	DrawnByMeshlua  = "meshlua's own layout (graphviz's " + Graphviz + " is not installed)"
)

// drawWith runs graphviz's bin on g's DOT, writing the picture in format
// (svg, png) to w.
func drawWith(bin, format string, w io.Writer, g *Graph) error {
	var dot, stderr bytes.Buffer
	if err := WriteDOT(&dot, g); err != nil {
		return err
	}
	cmd := exec.Command(bin, "-T"+format)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &dot, w, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", filepath.Base(bin), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
