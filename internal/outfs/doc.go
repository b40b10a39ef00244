// Package outfs is the one place where the snn library opens, creates,
// renames and removes files, so that a sandboxed script's process can
// confine all of them to its output directory with one call.
//
// By default every function is the os function of the same name. After
// [Confine](dir), which "snn run --sandbox" calls in the script's process
// before the script starts, every path is resolved beneath dir by the
// kernel (openat2 with RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS on Linux):
// an absolute path outside dir, a ".." that climbs out of it, or a
// symbolic link anywhere on the way is refused with an error that names
// the path and the directory. Relative paths are taken relative to dir.
//
// The package is internal: scripts cannot reach it, so a script cannot
// undo the confinement through the library.
package outfs
