package scripting

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

func init() {
	hostileForTest = hostile
	// The sandbox's child is this test binary, started again.
	if IsChild() {
		os.Exit(ChildMain())
	}
}

// hostile is what a script that has gained arbitrary code execution in
// its process would try. It prints one line per attempt: "name: refused
// (error)" or "name: ESCAPED (what it got)". args are the parent's pid
// and a directory outside the output directory.
func hostile(args []string, out string) int {
	if args[0] == "threads" {
		// A thread bomb: each goroutine holds an OS thread of its own.
		for i := 0; i < 5000; i++ {
			go func() {
				runtime.LockOSThread()
				select {}
			}()
		}
		time.Sleep(3 * time.Second)
		fmt.Println("threads: ESCAPED (5000 threads started)")
		return 0
	}
	hostPID, _ := strconv.Atoi(args[0])
	outside := args[1]
	try := func(name string, err error, got string) {
		if err != nil {
			fmt.Printf("%s: refused (%v)\n", name, err)
		} else {
			fmt.Printf("%s: ESCAPED (%q)\n", name, got)
		}
	}
	read := func(name, path string) {
		b, err := os.ReadFile(path)
		try(name, err, string(b[:min(len(b), 80)]))
	}
	// The environment holds only what the script is documented to get.
	fmt.Printf("environment: %q\n", os.Environ())
	read("read /proc/self/environ", "/proc/self/environ")
	read("read /etc/passwd", "/etc/passwd")
	read("read the test's source", filepath.Join(outside, "secret.txt"))
	read("read the parent's environment", fmt.Sprintf("/proc/%d/environ", hostPID))
	_, err := os.ReadDir("/proc")
	try("list /proc", err, "")
	try("signal the parent", syscall.Kill(hostPID, 0), "")
	_, _, e := syscall.Syscall6(syscall.SYS_PTRACE, syscall.PTRACE_ATTACH, uintptr(hostPID), 0, 0, 0, 0)
	try("ptrace the parent", errnoErr(e), "")
	_, _, e = syscall.Syscall6(syscall.SYS_PTRACE, syscall.PTRACE_TRACEME, 0, 0, 0, 0, 0)
	try("ptrace traceme", errnoErr(e), "")
	buf := make([]byte, 16)
	local := unix.Iovec{Base: &buf[0], Len: 16}
	remote := unix.RemoteIovec{Base: uintptr(unsafe.Pointer(&buf[0])), Len: 16}
	_, err = unix.ProcessVMReadv(hostPID, []unix.Iovec{local}, []unix.RemoteIovec{remote}, 0)
	try("process_vm_readv the parent", err, "")
	_, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("open a TCP socket", err, "")
	_, err = unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	try("open a unix socket", err, "")
	_, err = net.Dial("tcp", "127.0.0.1:22")
	try("connect to 127.0.0.1:22", err, "")
	try("exec /bin/sh", syscall.Exec("/bin/sh", []string{"sh", "-c", "echo pwned"}, nil), "")
	_, err = syscall.ForkExec("/bin/sh", []string{"sh"}, nil)
	try("fork and exec /bin/sh", err, "")
	_, _, e = syscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)
	try("fork", errnoErr(e), "")
	try("write outside --out", os.WriteFile(filepath.Join(outside, "pwned.txt"), []byte("x"), 0o644), "")
	try("remove outside --out", os.Remove(filepath.Join(outside, "secret.txt")), "")
	try("symlink to /etc/passwd in --out", os.Symlink("/etc/passwd", filepath.Join(out, "passwd")), "")
	try("hard link in --out", os.Link(os.Args[0], filepath.Join(out, "exe")), "")
	try("mount", syscall.Mount("tmpfs", out, "tmpfs", 0, ""), "")
	try("unshare a user namespace", syscall.Unshare(syscall.CLONE_NEWUSER), "")
	try("chroot", syscall.Chroot("/"), "")
	_, err = os.ReadFile(filepath.Join(out, "..", "outside", "secret.txt"))
	try("read ../ of --out", err, "")
	var hdr = unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	unix.Capget(&hdr, &data[0])
	if data[0].Effective|data[0].Permitted|data[1].Effective|data[1].Permitted != 0 {
		fmt.Printf("capabilities: ESCAPED (%+v)\n", data)
	} else {
		fmt.Println("capabilities: refused (none)")
	}
	// What the script may do still works.
	if err := os.WriteFile(filepath.Join(out, "ok.txt"), []byte("fine"), 0o644); err != nil {
		fmt.Printf("write inside --out: FAILED (%v)\n", err)
	} else {
		fmt.Println("write inside --out: ok")
	}
	return 0
}

func errnoErr(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}

// TestIsolationHostileNative stands for the worst case the issue names: a
// script that corrupts memory through a data race and so runs arbitrary
// code in its process. Every way out must fail by the operating system's
// rules, and the environment must hold nothing of the runner's.
func TestIsolationHostileNative(t *testing.T) {
	if m := probeSandbox(); len(m) > 0 {
		t.Fatalf("this machine cannot run the sandbox (CI must): %v", m)
	}
	t.Setenv("SNN_SECRET_TOKEN", "hunter2")
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	os.Mkdir(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("the answers"), 0o644)
	out := filepath.Join(root, "out")
	exe, _ := os.Executable()
	var o, e bytes.Buffer
	_, err := RunIsolated(context.Background(), exe, "hostile-native.go", []byte("package main\n\nfunc main() {}\n"),
		Options{Sandbox: true, OutDir: out, Args: []string{strconv.Itoa(os.Getpid()), outside}, Stdout: &o, Stderr: &e}, SandboxLimits)
	if err != nil {
		t.Fatalf("%v\n%s", err, e.String())
	}
	if strings.Contains(o.String(), "hunter2") {
		t.Error("the runner's secret environment variable reached the script")
	}
	lines := strings.Split(strings.TrimSpace(o.String()), "\n")
	if len(lines) < 25 {
		t.Fatalf("the hostile program stopped early:\n%s\nstderr: %s", o.String(), e.String())
	}
	abs, _ := absDir(out)
	wantEnv := fmt.Sprintf("environment: %q", []string{childEnv + "=2i", "SNN_OUT=" + abs})
	if lines[0] != wantEnv {
		t.Errorf("%s\nwant %s", lines[0], wantEnv)
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "ESCAPED") || strings.Contains(l, "FAILED") {
			t.Error(l)
		} else {
			t.Log(l)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "pwned.txt")); err == nil {
		t.Error("a file was written outside --out")
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(b) != "the answers" {
		t.Error("the file outside --out changed")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "ok.txt")); string(b) != "fine" {
		t.Error("writing inside --out did not work")
	}
}

// TestIsolationThreadBomb checks that native code in the confined child
// cannot start threads without bound (a pids control group, where the
// system has the controller).
func TestIsolationThreadBomb(t *testing.T) {
	if _, _, err := hierarchy("pids"); err != nil {
		if os.Geteuid() == 0 {
			t.Fatalf("running as root but no pids controller to use: %v", err)
		}
		t.Skipf("not root: the runner cannot make a pids control group (%v)", err)
	}
	exe, _ := os.Executable()
	var o, e bytes.Buffer
	_, err := RunIsolated(context.Background(), exe, "hostile-threads.go", []byte("package main\n\nfunc main() {}\n"),
		Options{Sandbox: true, OutDir: filepath.Join(t.TempDir(), "out"), Args: []string{"threads"}, Stdout: &o, Stderr: &e}, SandboxLimits)
	if err == nil || strings.Contains(o.String(), "ESCAPED") || !strings.Contains(err.Error(), "the script started too many threads (the sandbox allows 256)") {
		t.Errorf("thread bomb: %v, stdout %q; want the runtime stopped by the thread limit", err, o.String())
	}
}

// BenchmarkRunIsolated measures what the sandbox adds to starting a
// trivial script: the child process alone, and the child confined
// (namespaces, Landlock, seccomp, cgroup, a second exec).
func BenchmarkRunIsolated(b *testing.B) {
	exe, _ := os.Executable()
	src := []byte("package main\n\nfunc main() {}\n")
	for _, sandbox := range []bool{false, true} {
		name := "child"
		if sandbox {
			name = "sandbox"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "out")
				lim := Limits{}
				if sandbox {
					lim = SandboxLimits
				}
				if _, err := RunIsolated(context.Background(), exe, "b.go", src, Options{Sandbox: sandbox, OutDir: out, Stdout: io.Discard, Stderr: io.Discard}, lim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
