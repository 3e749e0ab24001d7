package bench

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ns3Source is ns-3's side of the flood comparison: a C++ program built
// against the ns-3 the machine has (buildNS3).
//
//go:embed ns3/flood.cc
var ns3Source []byte

// ns3Modules are the pkg-config names of the ns-3 modules ns3Source uses.
var ns3Modules = []string{"ns3-core", "ns3-network", "ns3-point-to-point", "ns3-internet"}

// ns3Install says how to get what the comparison needs, on Debian and
// Ubuntu.
const ns3Install = "apt-get install libns3-dev pkg-config (ns-3 3.37 on Debian 12; it brings g++)"

// errNoNS3 says the machine lacks something the comparison needs: a
// reason to skip it, not to fail.
var errNoNS3 = errors.New("ns-3 is not here")

// buildNS3 compiles ns3Source with g++ against the machine's ns-3, once:
// the binary is kept in the user's cache folder under a name made of the
// hash of the source, the ns-3 version and the flags, and later calls
// find it there. It returns the binary and the ns-3 version, or an error
// wrapping errNoNS3 that says what is missing.
func buildNS3() (bin, version string, err error) {
	gxx, err := exec.LookPath("g++")
	if err != nil {
		return "", "", fmt.Errorf("%w: no g++ (%s)", errNoNS3, ns3Install)
	}
	if _, err := exec.LookPath("pkg-config"); err != nil {
		return "", "", fmt.Errorf("%w: no pkg-config to find ns-3 with (%s)", errNoNS3, ns3Install)
	}
	out, err := exec.Command("pkg-config", append([]string{"--modversion"}, ns3Modules...)...).Output()
	if err != nil {
		return "", "", fmt.Errorf("%w: pkg-config knows no %s (%s)", errNoNS3, strings.Join(ns3Modules, ", "), ns3Install)
	}
	version = strings.Fields(string(out))[0]
	// Only the include and library options: Debian's ns-3 .pc files also
	// name /usr/lib/x86_64-linux-gnu/libgsl.so, which only libgsl-dev has,
	// while the ns-3 libraries link libgsl themselves.
	out, err = exec.Command("pkg-config", append([]string{"--cflags-only-I", "--libs-only-L", "--libs-only-l"}, ns3Modules...)...).Output()
	if err != nil {
		return "", "", fmt.Errorf("pkg-config %s: %v", strings.Join(ns3Modules, " "), err)
	}
	flags := strings.Fields(string(out))
	h := sha256.New()
	h.Write(ns3Source)
	fmt.Fprintf(h, "\x00%s\x00%s\x00%s", gxx, version, strings.Join(flags, " "))
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", "", err
	}
	dir := filepath.Join(cache, "meshlua")
	bin = filepath.Join(dir, "ns3-flood-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(bin); err == nil {
		return bin, version, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	// g++ writes to a temporary name: a build that fails or is stopped
	// leaves no binary behind under the cached name.
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	defer os.Remove(tmp)
	args := append([]string{"-O2", "-std=c++17", "-x", "c++", "-", "-o", tmp}, flags...)
	var stderr bytes.Buffer
	cmd := exec.Command(gxx, args...)
	cmd.Stdin, cmd.Stderr = bytes.NewReader(ns3Source), &stderr
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("g++ %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return bin, version, os.Rename(tmp, bin)
}
