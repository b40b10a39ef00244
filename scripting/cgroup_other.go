//go:build !linux

package scripting

import "errors"

type memCgroup struct{}

func newMemCgroup(limit int64) (*memCgroup, error) {
	return nil, errors.New("memory control groups are a Linux feature")
}
func (c *memCgroup) add(pid int) error { return nil }
func (c *memCgroup) peak() int64       { return -1 }
func (c *memCgroup) oomKills() int64   { return 0 }
func (c *memCgroup) remove()           {}

func newPidsCgroup(max int) (*memCgroup, error) {
	return nil, errors.New("control groups are a Linux feature")
}
