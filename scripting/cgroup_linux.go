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

// A cgroup is a control group made for one script's process, in the
// cgroup v2 hierarchy where it has the controller, else in the v1
// hierarchy of that controller: the kernel counts what the script really
// uses and stops it at the limits.
type cgroup struct {
	dir string
	v2  bool
}

var cgroupSeq atomic.Int64

// A cgroupLimit is one file of a group's limits, named as in each
// version of the hierarchy ("" where the version has no such file).
type cgroupLimit struct {
	v1, v2   string
	value    int64
	optional bool // failing to set it is not an error
}

// newCgroup makes a control group under the controller ctrl with the
// limits set, or returns an error saying why it cannot.
func newCgroup(ctrl string, limits ...cgroupLimit) (*cgroup, error) {
	base, v2, err := hierarchy(ctrl)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(base, fmt.Sprintf("snn-script-%d-%d", os.Getpid(), cgroupSeq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s cgroup: %w", ctrl, err)
	}
	c := &cgroup{dir: dir, v2: v2}
	for _, l := range limits {
		file := l.v1
		if v2 {
			file = l.v2
		}
		if file == "" {
			continue
		}
		if err := c.write(file, l.value); err != nil && !l.optional {
			c.remove()
			return nil, fmt.Errorf("%s cgroup: %w", ctrl, err)
		}
	}
	return c, nil
}

// newMemCgroup makes a memory group limited to limit bytes (and no swap).
func newMemCgroup(limit int64) (*cgroup, error) {
	return newCgroup("memory",
		cgroupLimit{v1: "memory.limit_in_bytes", v2: "memory.max", value: limit},
		cgroupLimit{v1: "memory.memsw.limit_in_bytes", value: limit, optional: true},
		cgroupLimit{v2: "memory.swap.max", value: 0, optional: true})
}

// newPidsCgroup makes a group in which at most max processes and threads
// may exist, so that native code that took over the script's process
// cannot exhaust the system's process table.
func newPidsCgroup(max int) (*cgroup, error) {
	return newCgroup("pids", cgroupLimit{v1: "pids.max", v2: "pids.max", value: int64(max)})
}

func (c *cgroup) write(file string, v int64) error {
	return os.WriteFile(filepath.Join(c.dir, file), []byte(strconv.FormatInt(v, 10)), 0)
}

func (c *cgroup) read(file string) int64 {
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
func (c *cgroup) add(pid int) error {
	return os.WriteFile(filepath.Join(c.dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0)
}

// peak returns the most memory the group has used, in bytes, or -1.
func (c *cgroup) peak() int64 {
	if c.v2 {
		return c.read("memory.peak")
	}
	return c.read("memory.max_usage_in_bytes")
}

// oomKills returns how many processes the kernel killed for the limit.
func (c *cgroup) oomKills() int64 {
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
func (c *cgroup) remove() {
	for i := 0; i < 50; i++ {
		if err := os.Remove(c.dir); err == nil || os.IsNotExist(err) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
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
