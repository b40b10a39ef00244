"""Brian2 set-up and timing shared by brian2_net.py and brian2_spnet.py.

use_device chooses the code generation target (cpp_standalone with its
peak memory measured by /usr/bin/time and OpenMP threads, or a runtime
target); timed_run runs the network and returns the build, compile and
loop times as snnbench reports them.
"""

import os
import time

from numpy_net import peak_rss_mb  # the script beside this one


def use_device(b2, target, runtime_target, workdir, threads):
    """Sets Brian2's device for target: "cpp_standalone" (in workdir, with
    threads OpenMP threads when > 1) or runtime_target for any other."""
    if target == "cpp_standalone":
        b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
        b2.prefs.devices.cpp_standalone.run_cmd_unix = [
            "/usr/bin/time", "-f", "%M", "-o", "results/maxrss_kb.txt", "./main"]
        b2.prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0
    else:
        b2.prefs.codegen.target = runtime_target


def timed_run(b2, run, standalone, workdir, build):
    """Calls run() (the network's run) and returns (build, compile_s, loop,
    loop_cpu, peak_mb).

    Standalone: Brian2's own measure of the loop (_last_run_time) is the CPU
    time (std::clock) without OpenMP and the wall time with it, so both are
    measured in the generated code around the network's run; the binary's
    time outside the loop counts as build. Runtime targets: the loop is
    _last_run_time, the rest of run() is code generation (compile_s), and
    the loop's CPU time is not measured (0): it is one call among Brian2's
    Python.
    """
    if standalone:
        b2.prefs.codegen.cpp.headers += ["<chrono>"]
        b2.device.insert_code("before_network_run", "std::clock_t snnbench_cpu0 = std::clock(); "
                              "auto snnbench_wall0 = std::chrono::steady_clock::now();")
        b2.device.insert_code("after_network_run", 'std::ofstream("results/loop_cpu_s.txt") << '
                              "double(std::clock() - snnbench_cpu0) / CLOCKS_PER_SEC << std::endl; "
                              'std::ofstream("results/loop_wall_s.txt") << '
                              "std::chrono::duration<double>(std::chrono::steady_clock::now() - snnbench_wall0).count() << std::endl;")
    t1 = time.perf_counter()
    run()
    device = b2.get_device()
    if not standalone:
        loop = device._last_run_time
        return build, time.perf_counter() - t1 - loop, loop, 0.0, peak_rss_mb()
    t2 = time.perf_counter()
    device.build(directory=workdir, compile=True, run=False, with_output=False)
    compile_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    device.run(workdir, with_output=False, run_args=[])
    binary = time.perf_counter() - t3

    def result(name):
        with open(os.path.join(workdir, "results", name)) as f:
            return f.read()
    loop = float(result("loop_wall_s.txt"))
    peak = float(result("maxrss_kb.txt").split()[-1]) / 1024.0
    return build + binary - loop, compile_s, loop, float(result("loop_cpu_s.txt")), peak
