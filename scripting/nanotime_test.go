package scripting

import "time"

var benchEpoch = time.Now()

func nanotime() float64 { return float64(time.Since(benchEpoch).Nanoseconds()) }
