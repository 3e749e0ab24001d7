// Package ircdtest runs an IRC server (ngircd) on the loopback interface
// for tests, on a plain port and optionally a TLS port, and raw IRC
// clients that talk to it. Without ngircd tests skip, except under CI=true, where they fail.
package ircdtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Channels the server makes at start: InviteOnly has mode +i, Keyed has
// the key Key.
const (
	InviteOnly = "#invite-only"
	Keyed      = "#keyed"
	Key        = "sesame"
)

// Server is an ngircd the test started.
type Server struct {
	Addr    string         // the plain port, 127.0.0.1:PORT
	TLSAddr string         // the TLS port, with Options.TLS
	Roots   *x509.CertPool // trusts the TLS port's certificate
	t       testing.TB
	bin     string
	conf    string
	out     output
	mu      sync.Mutex
	cmd     *exec.Cmd     // the running server, nil once stopped
	exited  chan struct{} // closed when it has ended
}

// Require returns the path of ngircd, or skips the test without it
// (fails under CI).
func Require(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("ngircd")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("ngircd is not installed; CI must install it (.ci/run)")
	}
	t.Skip("ngircd is not installed (apt-get install ngircd); skipping")
	return ""
}

// Options are a server's settings beyond the defaults.
type Options struct {
	TLS      bool   // also listen on a TLS port, TLSAddr
	Password string // let in only clients that give this password
}

// Start starts a server for the test, which stops it (by its PID) when it
// ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{t: t, bin: Require(t)}
	reap()
	// ngircd run by root drops to the user nobody: the directory must let
	// it write its PID file.
	dir, err := os.MkdirTemp("", fmt.Sprintf("ircdtest-%d-", os.Getpid()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	s.Addr = freeAddr(t)
	_, port, _ := net.SplitHostPort(s.Addr)
	conf := fmt.Sprintf(config, port, dir, dir, InviteOnly, Keyed, Key)
	files := map[string]string{"motd": "meshlua test server\n"}
	if o.TLS {
		// GnuTLS makes Diffie-Hellman parameters at start, which takes up
		// to a second: only servers that need TLS have it.
		s.TLSAddr = freeAddr(t)
		_, tlsPort, _ := net.SplitHostPort(s.TLSAddr)
		files["cert.pem"], files["key.pem"] = s.certificate(t)
		conf += fmt.Sprintf(tlsConfig, dir, dir, tlsPort)
	}
	if o.Password != "" {
		conf = strings.Replace(conf, "[Limits]", "\tPassword = "+o.Password+"\n[Limits]", 1)
	}
	files["ngircd.conf"] = conf
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.conf = filepath.Join(dir, "ngircd.conf")
	s.start()
	t.Cleanup(s.Stop)
	return s
}

const config = `[Global]
	Name = irc.meshlua.test
	Info = meshlua test server
	AdminInfo1 = meshlua tests
	AdminInfo2 = loopback
	AdminEMail = nobody@meshlua.test
	Listen = 127.0.0.1
	Ports = %s
	PidFile = %s/ngircd.pid
	MotdFile = %s/motd
[Limits]
	MaxPenaltyTime = 0
	MaxNickLength = 30
	MaxConnectionsIP = 0
	MaxJoins = 0
[Options]
	DNS = no
	Ident = no
	PAM = no
[Channel]
	Name = %s
	Modes = +i
[Channel]
	Name = %s
	Modes = +k %s
`

const tlsConfig = `[SSL]
	CertFile = %s/cert.pem
	KeyFile = %s/key.pem
	Ports = %s
`

// reap stops the servers of test processes that ended without stopping
// them (killed, or timed out), and removes their directories. A server's
// directory is named after its test process, and holds the server's PID
// file; the server, running as nobody, does not die with its parent.
func reap() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "ircdtest-*-*"))
	for _, dir := range dirs {
		owner, err := strconv.Atoi(strings.Split(filepath.Base(dir), "-")[1])
		if err != nil || running(owner) {
			continue // not ours, or its test is still running
		}
		if b, err := os.ReadFile(filepath.Join(dir, "ngircd.pid")); err == nil {
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
			if pid > 0 && strings.Contains(cmdline(pid), dir) {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		os.RemoveAll(dir)
	}
}

// freeAddr finds a loopback TCP port nobody uses now.
func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// certificate makes a self-signed certificate for 127.0.0.1 and returns
// it and its key in PEM, and trusts it in s.Roots.
func (s *Server) certificate(t testing.TB) (string, string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	s.Roots = x509.NewCertPool()
	s.Roots.AddCert(c)
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}))
}

// start runs ngircd in the foreground and waits until both ports accept.
func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "-n", "-f", s.conf)
	cmd.Stdout, cmd.Stderr = &s.out, &s.out
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting ngircd: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	s.mu.Lock()
	s.cmd, s.exited = cmd, exited
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for _, addr := range []string{s.Addr, s.TLSAddr} {
		for addr != "" {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case <-exited:
				s.t.Fatalf("ngircd ended at start:\n%s", s.out.String())
			default:
			}
			if time.Now().After(deadline) {
				s.t.Fatalf("ngircd does not listen on %s after 10s:\n%s", addr, s.out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// Stop stops the server (SIGTERM to its PID) and waits for it to end;
// its clients see their connections close.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// Restart stops the server and starts it again on the same ports.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// output collects what the server logs.
type output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}
