package scripting

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// Landlock system calls and flags (linux/landlock.h).
const (
	sysLandlockCreateRuleset = 444
	sysLandlockAddRule       = 445
	sysLandlockRestrictSelf  = 446

	landlockCreateRulesetVersion = 1
	landlockRulePathBeneath      = 1
	prSetNoNewPrivs              = 38
	oPath                        = 0x200000 // O_PATH
)

// landlockWrite returns the file-system access rights that change the
// file system, for Landlock ABI version abi.
func landlockWrite(abi int) uint64 {
	const (
		writeFile  = 1 << 1
		removeDir  = 1 << 4
		removeFile = 1 << 5
		makeChar   = 1 << 6
		makeDir    = 1 << 7
		makeReg    = 1 << 8
		makeSock   = 1 << 9
		makeFifo   = 1 << 10
		makeBlock  = 1 << 11
		makeSym    = 1 << 12
		refer      = 1 << 13 // ABI 2
		truncate   = 1 << 14 // ABI 3
	)
	a := uint64(writeFile | removeDir | removeFile | makeChar | makeDir | makeReg | makeSock | makeFifo | makeBlock | makeSym)
	if abi >= 2 {
		a |= refer
	}
	if abi >= 3 {
		a |= truncate
	}
	return a
}

// LandlockABI returns the Landlock ABI version of the running kernel, or
// 0 when Landlock is not available.
func LandlockABI() int {
	v, _, e := syscall.Syscall(sysLandlockCreateRuleset, 0, 0, landlockCreateRulesetVersion)
	if e != 0 {
		return 0
	}
	return int(v)
}

// confine restricts this thread with Landlock so that nothing outside dir
// can be created, written, removed or renamed, and (ABI 4 and later) no TCP
// connection made, then re-executes the program as stage 2, which inherits
// the restriction in every thread. Without Landlock it re-executes
// unconfined: the sandbox's symbol checks still apply.
func confine(dir string) error {
	runtime.LockOSThread()
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	env := setEnv(os.Environ(), childEnv, "2")
	abi := LandlockABI()
	if abi > 0 && dir != "" {
		if err := landlock(abi, dir); err != nil {
			return fmt.Errorf("landlock: %w", err)
		}
	}
	return syscall.Exec(exe, os.Args, env)
}

func landlock(abi int, dir string) error {
	write := landlockWrite(abi)
	// struct landlock_ruleset_attr { u64 handled_access_fs, handled_access_net, scoped; }
	attr := make([]byte, 24)
	size := 8
	binary.LittleEndian.PutUint64(attr[0:], write)
	if abi >= 4 {
		binary.LittleEndian.PutUint64(attr[8:], 1|2) // bind and connect TCP
		size = 16
	}
	if abi >= 6 {
		binary.LittleEndian.PutUint64(attr[16:], 1) // abstract unix sockets
		size = 24
	}
	fd, _, e := syscall.Syscall(sysLandlockCreateRuleset, uintptr(unsafe.Pointer(&attr[0])), uintptr(size), 0)
	if e != 0 {
		return fmt.Errorf("create ruleset: %w", e)
	}
	defer syscall.Close(int(fd))
	d, err := syscall.Open(dir, oPath|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer syscall.Close(d)
	// struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd; } (packed)
	rule := make([]byte, 12)
	binary.LittleEndian.PutUint64(rule[0:], write)
	binary.LittleEndian.PutUint32(rule[8:], uint32(d))
	if _, _, e := syscall.Syscall6(sysLandlockAddRule, fd, landlockRulePathBeneath, uintptr(unsafe.Pointer(&rule[0])), 0, 0, 0); e != 0 {
		return fmt.Errorf("allow writing under %s: %w", dir, e)
	}
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0, 0, 0, 0); e != 0 {
		return fmt.Errorf("no_new_privs: %w", e)
	}
	if _, _, e := syscall.Syscall(sysLandlockRestrictSelf, fd, 0, 0); e != 0 {
		return fmt.Errorf("restrict: %w", e)
	}
	return nil
}
