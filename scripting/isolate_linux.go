//go:build linux

package scripting

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"syscall"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"github.com/landlock-lsm/go-landlock/landlock"
	llsys "github.com/landlock-lsm/go-landlock/landlock/syscall"
	"golang.org/x/sys/unix"
)

// The sandbox's child is confined in two stages, each in its own program
// image, so that every thread of the process that runs the script starts
// confined:
//
//   - The parent starts stage 1 in new user, mount, PID, network, IPC and
//     UTS namespaces (isolationAttr), with an empty environment.
//   - Stage 1 (isolateStage1) makes its mounts private, mounts a /proc
//     that shows only the sandbox's own processes, restricts itself with
//     Landlock (read and execute only the program and the shared
//     libraries it is made of, read and write only the output directory,
//     no TCP, no signals or abstract sockets outside the sandbox), drops
//     every capability for good and re-executes the program as stage 2.
//   - Stage 2 (isolateStage2) loads a seccomp filter on all its threads
//     (no execve, no ptrace or process_vm_*, no sockets, no mounts or
//     namespaces, no new processes) before it reads the script.

// minLandlockABI is the oldest Landlock ABI the sandbox accepts: version
// 3 (Linux 6.2) is the first that also handles truncation.
const minLandlockABI = 3

// LandlockABI returns the Landlock ABI version of the running kernel, or
// 0 when Landlock is not available.
func LandlockABI() int {
	v, err := llsys.LandlockGetABIVersion()
	if err != nil {
		return 0
	}
	return v
}

// probeIsolation lists what the system lacks for the sandbox, each item
// saying what is missing and why it matters.
func probeIsolation() []string {
	var missing []string
	if abi := LandlockABI(); abi < minLandlockABI {
		s := "Landlock (the kernel's file-access sandbox) is not enabled"
		if abi > 0 {
			s = fmt.Sprintf("Landlock ABI %d or later (Linux 6.2+) is needed, the kernel has ABI %d", minLandlockABI, abi)
		}
		missing = append(missing, s)
	}
	if !seccomp.Supported() {
		missing = append(missing, "seccomp filters (CONFIG_SECCOMP_FILTER) are not available")
	}
	if b, err := os.ReadFile("/proc/sys/user/max_user_namespaces"); err == nil && strings.TrimSpace(string(b)) == "0" {
		missing = append(missing, "user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)")
	} else if err != nil {
		missing = append(missing, "user namespaces are not available ("+err.Error()+")")
	}
	if b, err := os.ReadFile("/proc/sys/kernel/unprivileged_userns_clone"); err == nil && strings.TrimSpace(string(b)) == "0" && os.Geteuid() != 0 {
		missing = append(missing, "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)")
	}
	fd, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH})
	if err != nil {
		missing = append(missing, "openat2 (Linux 5.6+), which keeps file names beneath the output directory, is not available")
	} else {
		unix.Close(fd)
	}
	return missing
}

// isolationAttr starts the child in fresh namespaces: it is root only in
// its own user namespace (mapped to the caller's user), PID 1 of its own
// PID namespace, and has no network interfaces but a loopback that is
// down.
func isolationAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
		// A session of its own: no controlling terminal to inject input
		// into, and the terminal's signals go to the runner only.
		Setsid: true,
	}
}

// isolateStage1 confines this process as described above and re-executes
// it with env; it returns only on error.
func isolateStage1(out string, env []string) error {
	runtime.LockOSThread()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the program: %w", err)
	}
	libs, err := mappedFiles()
	if err != nil {
		return err
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making the mounts private: %w", err)
	}
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mounting the sandbox's /proc: %w", err)
	}
	if err := restrictFiles(exe, libs, out); err != nil {
		return fmt.Errorf("landlock: %w", err)
	}
	if err := dropCapabilities(); err != nil {
		return fmt.Errorf("dropping capabilities: %w", err)
	}
	return syscall.Exec(exe, []string{exe}, env)
}

// mappedFiles returns the files mapped into this process: the program and
// the shared libraries (and dynamic loader) it needs to start again.
func mappedFiles() ([]string, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, fmt.Errorf("listing the program's libraries: %w", err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 6 && strings.HasPrefix(fields[5], "/") {
			seen[fields[5]] = true
		}
	}
	l := make([]string, 0, len(seen)+1)
	for p := range seen {
		l = append(l, p)
	}
	// The dynamic loader looks libraries up in its cache first.
	if _, err := os.Stat("/etc/ld.so.cache"); err == nil {
		l = append(l, "/etc/ld.so.cache")
	}
	sort.Strings(l)
	return l, sc.Err()
}

// restrictFiles restricts this thread (and what it executes) with
// Landlock: the program and its libraries may be read and executed, the
// output directory read and written (no executing, no links, no devices),
// and nothing else touched; with ABI 4 no TCP, with ABI 6 no signals or
// abstract sockets beyond the sandbox.
func restrictFiles(exe string, libs []string, out string) error {
	configs := []landlock.Config{landlock.V3, landlock.V3, landlock.V3, landlock.V3, landlock.V4, landlock.V5, landlock.V6, landlock.V7}
	abi := LandlockABI()
	if abi < minLandlockABI {
		return fmt.Errorf("the kernel's Landlock ABI is %d, the sandbox needs %d", abi, minLandlockABI)
	}
	cfg := configs[min(abi, len(configs)-1)]
	const (
		run   = llsys.AccessFSExecute | llsys.AccessFSReadFile
		outRW = llsys.AccessFSReadFile | llsys.AccessFSReadDir | llsys.AccessFSWriteFile | llsys.AccessFSTruncate |
			llsys.AccessFSMakeReg | llsys.AccessFSMakeDir | llsys.AccessFSRemoveFile | llsys.AccessFSRemoveDir
	)
	fd, flags, err := cfg.NewRulesetFD(
		landlock.PathAccess(run, append([]string{exe}, libs...)...),
		landlock.PathAccess(outRW, out),
	)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	// This thread only: it is about to execute stage 2, whose threads all
	// inherit the domain.
	return llsys.LandlockRestrictSelf(fd, flags)
}

// dropCapabilities drops every capability of this thread, also from the
// bounding set, and locks the secure bits so that executing a program as
// (namespaced) root grants none again.
func dropCapabilities() error {
	const bits = 1<<0 | 1<<1 | 1<<2 | 1<<3 | 1<<5 | 1<<6 | 1<<7 // NOROOT, NO_SETUID_FIXUP, KEEP_CAPS_LOCKED, NO_CAP_AMBIENT_RAISE, each locked
	if err := unix.Prctl(unix.PR_SET_SECUREBITS, bits, 0, 0, 0); err != nil {
		return fmt.Errorf("secure bits: %w", err)
	}
	for c := 0; c <= 63; c++ {
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); err != nil {
			if errors.Is(err, unix.EINVAL) {
				break
			}
			return fmt.Errorf("bounding set: %w", err)
		}
	}
	unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
	var data [2]unix.CapUserData
	return unix.Capset(&unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}, &data[0])
}

// deniedSyscalls are the system calls the script's process may not make:
// starting programs, inspecting or writing other processes' memory,
// networking, changing mounts or namespaces, loading kernel code, making
// links or device nodes, and io_uring (which would bypass this filter).
var deniedSyscalls = []string{
	"execve", "execveat", "fork", "vfork",
	"ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "pidfd_open",
	"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
	"mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
	"open_by_handle_at", "name_to_handle_at",
	"symlink", "symlinkat", "link", "linkat", "mknod", "mknodat",
	"bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
	"init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
	"io_uring_setup", "io_uring_enter", "io_uring_register", "personality",
}

// isolateStage2 loads the seccomp filter on every thread of this process.
func isolateStage2() error {
	filter := seccomp.Filter{
		NoNewPrivs: true,
		Flag:       seccomp.FilterFlagTSync,
		Policy: seccomp.Policy{
			DefaultAction: seccomp.ActionAllow,
			Syscalls: []seccomp.SyscallGroup{
				{Action: seccomp.ActionErrno, Names: deniedSyscalls},
				// clone3 passes its flags in memory, where a filter cannot
				// see them: it fails as if the kernel lacked it, and the C
				// library starts its threads with clone instead.
				{Action: seccomp.ActionErrno | seccomp.Action(unix.ENOSYS), Names: []string{"clone3"}},
				// clone is how the Go runtime starts threads; anything
				// that is not a thread (a new process) is refused.
				{Action: seccomp.ActionErrno, NamesWithCondtions: []seccomp.NameWithConditions{{
					Name:       "clone",
					Conditions: []seccomp.Condition{{Argument: 0, Operation: seccomp.BitsNotSet, Value: unix.CLONE_THREAD}},
				}}},
			},
		},
	}
	if err := seccomp.LoadFilter(filter); err != nil {
		return fmt.Errorf("seccomp: %w", err)
	}
	return nil
}
