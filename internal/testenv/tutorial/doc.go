// Package tutorial runs the tutorial's network once per test binary, for
// the tests of packages that read a run (plots, scripting) rather than
// make one. It lives apart from package testenv because it imports snn,
// whose own tests import testenv.
package tutorial
