package scripting

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// memCgroup is a memory control group made for one script's process, in
// the cgroup v2 hierarchy where it has the memory controller, else in
// the v1 memory hierarchy: the kernel counts what the script really uses
// (not address space) and stops it at the limit.
type memCgroup struct {
	dir string
	v2  bool
}

var cgroupSeq atomic.Int64

// newMemCgroup makes a control group limited to limit bytes (and no swap),
// or returns an error saying why it cannot.
func newMemCgroup(limit int64) (*memCgroup, error) {
	base, v2, err := hierarchy("memory")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(base, fmt.Sprintf("snn-script-%d-%d", os.Getpid(), cgroupSeq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("memory cgroup: %w", err)
	}
	c := &memCgroup{dir: dir, v2: v2}
	var set error
	if v2 {
		set = c.write("memory.max", limit)
		c.write("memory.swap.max", 0)
	} else {
		set = c.write("memory.limit_in_bytes", limit)
		c.write("memory.memsw.limit_in_bytes", limit)
	}
	if set != nil {
		c.remove()
		return nil, fmt.Errorf("memory cgroup: %w", set)
	}
	return c, nil
}

func (c *memCgroup) write(file string, v int64) error {
	return os.WriteFile(filepath.Join(c.dir, file), []byte(strconv.FormatInt(v, 10)), 0)
}

func (c *memCgroup) read(file string) int64 {
	b, err := os.ReadFile(filepath.Join(c.dir, file))
	if err != nil {
		return -1
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return -1
	}
	return v
}

// add moves the process into the group.
func (c *memCgroup) add(pid int) error {
	return os.WriteFile(filepath.Join(c.dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0)
}

// peak returns the most memory the group has used, in bytes, or -1.
func (c *memCgroup) peak() int64 {
	if c.v2 {
		return c.read("memory.peak")
	}
	return c.read("memory.max_usage_in_bytes")
}

// oomKills returns how many processes the kernel killed for the limit.
func (c *memCgroup) oomKills() int64 {
	file := "memory.oom_control"
	if c.v2 {
		file = "memory.events"
	}
	f, err := os.Open(filepath.Join(c.dir, file))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " "); ok && k == "oom_kill" {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

// remove deletes the group once its processes are gone.
func (c *memCgroup) remove() {
	for i := 0; i < 50; i++ {
		if err := os.Remove(c.dir); err == nil || os.IsNotExist(err) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newPidsCgroup makes a control group in which at most max processes
// and threads may exist, so that native code that took over the script's
// process cannot exhaust the system's process table.
func newPidsCgroup(max int) (*memCgroup, error) {
	base, v2, err := hierarchy("pids")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(base, fmt.Sprintf("snn-script-%d-%d", os.Getpid(), cgroupSeq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pids cgroup: %w", err)
	}
	c := &memCgroup{dir: dir, v2: v2}
	if err := c.write("pids.max", int64(max)); err != nil {
		c.remove()
		return nil, fmt.Errorf("pids cgroup: %w", err)
	}
	return c, nil
}

// hierarchy returns the directory of this process's cgroup in the
// hierarchy that has the controller ctrl, and whether it is v2.
func hierarchy(ctrl string) (string, bool, error) {
	mounts, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return "", false, err
	}
	own, _ := os.ReadFile("/proc/self/cgroup")
	ownPath := func(match func(ctrls string) bool) string {
		for _, l := range strings.Split(string(own), "\n") {
			parts := strings.SplitN(l, ":", 3)
			if len(parts) == 3 && match(parts[1]) {
				return parts[2]
			}
		}
		return "/"
	}
	var v1 string
	for _, l := range strings.Split(string(mounts), "\n") {
		pre, post, ok := strings.Cut(l, " - ")
		if !ok {
			continue
		}
		f, g := strings.Fields(pre), strings.Fields(post)
		if len(f) < 5 || len(g) < 3 {
			continue
		}
		mnt := f[4]
		switch g[0] {
		case "cgroup2":
			ctrls, _ := os.ReadFile(filepath.Join(mnt, "cgroup.controllers"))
			if !hasWord(string(ctrls), ctrl) {
				continue
			}
			dir := filepath.Join(mnt, ownPath(func(c string) bool { return c == "" }))
			// A v2 group hands the controller to its children only
			// through cgroup.subtree_control, and only a group without
			// processes may; use it if it is already on.
			sub, _ := os.ReadFile(filepath.Join(dir, "cgroup.subtree_control"))
			if hasWord(string(sub), ctrl) {
				return dir, true, nil
			}
		case "cgroup":
			if hasWord(strings.ReplaceAll(g[2], ",", " "), ctrl) && v1 == "" {
				v1 = filepath.Join(mnt, ownPath(func(c string) bool { return hasWord(strings.ReplaceAll(c, ",", " "), ctrl) }))
			}
		}
	}
	if v1 != "" {
		return v1, false, nil
	}
	return "", false, fmt.Errorf("no cgroup hierarchy with the %s controller that this process may use", ctrl)
}

func hasWord(s, w string) bool {
	for _, x := range strings.Fields(s) {
		if x == w {
			return true
		}
	}
	return false
}
