//go:build !linux

package scripting

import "errors"

type cgroup struct{}

func newMemCgroup(limit int64) (*cgroup, error) {
	return nil, errors.New("memory control groups are a Linux feature")
}
func (c *cgroup) add(pid int) error { return nil }
func (c *cgroup) peak() int64       { return -1 }
func (c *cgroup) oomKills() int64   { return 0 }
func (c *cgroup) remove()           {}

func newPidsCgroup(max int) (*cgroup, error) {
	return nil, errors.New("control groups are a Linux feature")
}
