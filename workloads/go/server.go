// ctrace-server-go: the bundled static-file HTTP/1.1 server (workloads/README.md) in Go's
// own model: a goroutine per connection on the runtime's M:N scheduler (GOMAXPROCS threads
// running goroutines, parked ones waiting in the network poller). Same job, options, output
// and HTTP behaviour as the C++ models, so their traces compare; recorded with ctrace, each
// connection's goroutine (main.serve) is a task (docs/goroutines.md) with no change here.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

const maxHeadBytes = 8192

type options struct {
	root     string
	port     int
	workers  int
	requests int64
	cpu      int
}

func usage(msg string) {
	fmt.Fprintf(os.Stderr, "ctrace-server-go: %s\n", msg)
	os.Exit(2)
}

func parseOptions(args []string) options {
	o := options{port: 8080, workers: 4, cpu: -1}
	for i := 0; i < len(args); i++ {
		name, value, inline := strings.Cut(args[i], "=")
		next := func() string {
			if inline {
				return value
			}
			if i+1 >= len(args) {
				usage(name + " needs a value")
			}
			i++
			return args[i]
		}
		integer := func(lo, hi int64) int64 {
			v := next()
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < lo || n > hi {
				usage(fmt.Sprintf("%s must be an integer from %d to %d, not '%s'", name, lo, hi, v))
			}
			return n
		}
		switch name {
		case "--root":
			o.root = next()
		case "--port":
			o.port = int(integer(0, 65535))
		case "--workers":
			o.workers = int(integer(1, 256))
		case "--requests":
			o.requests = integer(1, 1<<62)
		case "--cpu":
			o.cpu = int(integer(0, 1023))
		default:
			usage(fmt.Sprintf("unknown argument '%s'", args[i]))
		}
	}
	if o.root == "" {
		usage("--root DIR is required")
	}
	return o
}

// Pins every thread of the process, and so every thread it makes later, to one CPU.
func pin(cpu int) error {
	var mask [1024 / 64]uint64
	mask[cpu/64] |= 1 << (cpu % 64)
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, _ := strconv.Atoi(t.Name())
		_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid),
			unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask[0])))
		if e != 0 {
			return e
		}
	}
	return nil
}

var reasons = map[int]string{200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
	405: "Method Not Allowed", 431: "Request Header Fields Too Large",
	505: "HTTP Version Not Supported", 500: "Internal Server Error"}

func head(status int, length int64, contentType string) []byte {
	h := fmt.Sprintf("HTTP/1.1 %d %s\r\nServer: ctrace-server-go\r\nContent-Length: %d\r\n"+
		"Content-Type: %s\r\nConnection: close\r\n", status, reasons[status], length, contentType)
	if status == 405 {
		h += "Allow: GET, HEAD\r\n"
	}
	return []byte(h + "\r\n")
}

func isTokenChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return false
		}
	}
	return true
}

type request struct {
	method, path string
	minor        int
}

// The request line, judged as soon as it is complete (workloads/http_request.cpp's rules):
// 0 and the request, or the status to refuse it with.
func parseRequestLine(line string) (int, request) {
	parts := strings.Split(line, " ")
	if len(parts) != 3 || !isToken(parts[0]) || parts[1] == "" {
		return 400, request{}
	}
	for i := 0; i < len(parts[1]); i++ {
		if parts[1][i] <= 0x20 || parts[1][i] >= 0x7f {
			return 400, request{}
		}
	}
	v := parts[2]
	if len(v) != 8 || !strings.HasPrefix(v, "HTTP/") || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
		v[7] < '0' || v[7] > '9' {
		return 400, request{}
	}
	if v[5] != '1' {
		return 505, request{}
	}
	path := parts[1]
	for _, scheme := range []string{"http://", "https://"} {
		if len(path) >= len(scheme) && strings.EqualFold(path[:len(scheme)], scheme) {
			rest := path[len(scheme):]
			if slash := strings.IndexByte(rest, '/'); slash >= 0 {
				path = rest[slash:]
			} else {
				path = "/"
			}
			break
		}
	}
	if path == "" || path[0] != '/' {
		return 400, request{}
	}
	return 0, request{parts[0], path, int(v[7] - '0')}
}

func parseHeaders(block string, minor int) int {
	hosts := 0
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 || !isToken(line[:colon]) {
			return 400
		}
		if strings.EqualFold(line[:colon], "host") {
			hosts++
		}
	}
	if (minor >= 1 && hosts != 1) || hosts > 1 {
		return 400
	}
	return 0
}

// Reads one request head: the status to refuse it with, or 0 and the request.
func readRequest(c net.Conn) (int, request, error) {
	buf := make([]byte, 0, 1024)
	chunk := make([]byte, 4096)
	var req request
	lineDone := false
	for {
		n, err := c.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if !lineDone {
			for bytes.HasPrefix(buf, []byte("\r\n")) || bytes.HasPrefix(buf, []byte("\n")) {
				buf = buf[bytes.IndexByte(buf, '\n')+1:]
			}
			if eol := bytes.IndexByte(buf, '\n'); eol >= 0 {
				var status int
				status, req = parseRequestLine(strings.TrimSuffix(string(buf[:eol]), "\r"))
				if status != 0 {
					return status, req, nil
				}
				lineDone = true
			}
		}
		if lineDone {
			end, term := bytes.Index(buf, []byte("\r\n\r\n")), 4
			if lf := bytes.Index(buf, []byte("\n\n")); lf >= 0 && (end < 0 || lf < end) {
				end, term = lf, 2
			}
			if end >= 0 && end+term <= maxHeadBytes {
				first := bytes.IndexByte(buf, '\n')
				block := ""
				if first+1 <= end {
					block = string(buf[first+1 : end+1])
				}
				return parseHeaders(block, req.minor), req, nil
			}
		}
		if len(buf) > maxHeadBytes {
			return 431, req, nil
		}
		if err != nil {
			return 0, req, err
		}
	}
}

// The path below the root, decoded once (so %2e%2e%2f is ../): 400 for a bad escape, 403 for
// one that steps out.
func decodePath(target string) (string, bool, int) {
	if cut := strings.IndexAny(target, "?#"); cut >= 0 {
		target = target[:cut]
	}
	var d []byte
	for i := 0; i < len(target); i++ {
		c := target[i]
		if c == '%' {
			if i+2 >= len(target) {
				return "", false, 400
			}
			v, err := strconv.ParseUint(target[i+1:i+3], 16, 8)
			if err != nil || v == 0 {
				return "", false, 400
			}
			c = byte(v)
			i += 2
		}
		d = append(d, c)
	}
	decoded := string(d)
	dir := decoded == "" || strings.HasSuffix(decoded, "/")
	var names []string
	for _, seg := range strings.Split(decoded, "/") {
		if seg == ".." {
			return "", false, 403
		}
		if seg != "" && seg != "." {
			names = append(names, seg)
		}
	}
	return strings.Join(names, "/"), dir, 0
}

// openat2 with RESOLVE_BENEATH: the kernel refuses, during the lookup itself, any path that
// would leave the root ("..", absolute, or a symlink out), as the C++ servers do.
func openBeneath(root int, name string) (*os.File, int) {
	how := struct{ flags, mode, resolve uint64 }{
		flags:   uint64(syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC),
		resolve: 0x08 | 0x02, // RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS
	}
	p, err := syscall.BytePtrFromString(name)
	if err != nil {
		return nil, 404
	}
	const sysOpenat2 = 437
	fd, _, e := syscall.Syscall6(sysOpenat2, uintptr(root), uintptr(unsafe.Pointer(p)),
		uintptr(unsafe.Pointer(&how)), unsafe.Sizeof(how), 0, 0)
	switch e {
	case 0:
		return os.NewFile(fd, name), 0
	case syscall.ENOENT, syscall.ENOTDIR, syscall.ENAMETOOLONG, syscall.ELOOP:
		return nil, 404
	case syscall.EXDEV, syscall.EACCES, syscall.EPERM:
		return nil, 403
	}
	return nil, 500
}

func contentType(name string) string {
	base := name[strings.LastIndexByte(name, '/')+1:]
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 {
		return "application/octet-stream"
	}
	switch strings.ToLower(base[dot+1:]) {
	case "html", "htm":
		return "text/html; charset=utf-8"
	case "txt":
		return "text/plain; charset=utf-8"
	case "css":
		return "text/css; charset=utf-8"
	case "js":
		return "text/javascript; charset=utf-8"
	case "json":
		return "application/json"
	case "svg":
		return "image/svg+xml"
	case "png":
		return "image/png"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "gif":
		return "image/gif"
	}
	return "application/octet-stream"
}

func refuse(c net.Conn, status int, headOnly bool) {
	body := fmt.Sprintf("%d %s\n", status, reasons[status])
	c.Write(head(status, int64(len(body)), "text/plain; charset=utf-8"))
	if !headOnly {
		io.WriteString(c, body)
	}
}

// One connection: one request, one response, then close (as every model here).
func serve(c net.Conn, root int, served func(), conns *sync.WaitGroup) {
	defer conns.Done()
	defer c.Close()
	status, req, err := readRequest(c)
	if err != nil {
		return // the client went away mid-request
	}
	if status != 0 {
		refuse(c, status, false)
		served()
		return
	}
	headOnly := req.method == "HEAD"
	if req.method != "GET" && !headOnly {
		refuse(c, 405, false)
		served()
		return
	}
	defer served()
	rel, dir, status := decodePath(req.path)
	if status != 0 {
		refuse(c, status, headOnly)
		return
	}
	name := rel
	if name == "" {
		name = "."
	}
	f, status := openBeneath(root, name)
	if status != 0 {
		refuse(c, status, headOnly)
		return
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		f.Close()
		if rel == "" {
			name = "index.html"
		} else {
			name = rel + "/index.html"
		}
		if f, status = openBeneath(root, name); status != 0 {
			refuse(c, status, headOnly)
			return
		}
		st, err = f.Stat()
	} else if dir {
		f.Close()
		refuse(c, 404, headOnly)
		return
	}
	defer f.Close()
	if err != nil || !st.Mode().IsRegular() {
		refuse(c, 403, headOnly)
		return
	}
	c.Write(head(200, st.Size(), contentType(name)))
	if !headOnly {
		io.Copy(c, f) // sendfile(2) on a TCP connection
	}
}

func main() {
	o := parseOptions(os.Args[1:])
	runtime.GOMAXPROCS(o.workers)
	if o.cpu >= 0 {
		if err := pin(o.cpu); err != nil {
			fmt.Fprintf(os.Stderr, "ctrace-server-go: pinning to CPU %d: %v\n", o.cpu, err)
			os.Exit(1)
		}
	}
	root, err := syscall.Open(o.root, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ctrace-server-go: cannot open --root %s: %v\n", o.root, err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp4", fmt.Sprintf("127.0.0.1:%d", o.port))
	if err != nil {
		fmt.Fprintf(os.Stderr, "ctrace-server-go: listening on port %d: %v\n", o.port, err)
		os.Exit(1)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()

	var count atomic.Int64
	var conns sync.WaitGroup
	stop := make(chan struct{})
	var once sync.Once
	shutdown := func() { once.Do(func() { close(stop); ln.Close() }) }
	served := func() {
		if n := count.Add(1); o.requests > 0 && n >= o.requests {
			shutdown()
		}
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		select {
		case <-signals:
			shutdown()
		case <-stop:
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				break
			}
			continue // a connection reset before it was accepted
		}
		conns.Add(1)
		go serve(c, root, served, &conns)
	}
	// An idle client must not hold the exit: connections still open are closed by the exit.
	fmt.Printf("responses served: %d\n", count.Load())
}
