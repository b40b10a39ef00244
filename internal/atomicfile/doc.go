// Package atomicfile writes files so that nobody ever sees half of one.
//
// A file is written under a temporary name in its destination's
// directory and renamed to the destination only when it is complete and
// on disk (flushed, fsynced, closed); then the directory is synced, so
// the rename survives a crash. On any failure, or on Abort, the
// temporary file is removed and a file already at the destination is
// left untouched. A replaced file keeps its permissions; a new one gets
// 0644, set explicitly whatever the umask.
//
// Every file gosnn writes — spikes, traces, figures, benchmark tables —
// goes through this package.
package atomicfile
