// A Go program with cgo (issue 13: "a Go binary with cgo works"): linked by the C toolchain,
// with C functions beside the Go ones. main.napper calls into C five times (each call a
// 10 ms usleep: the goroutine is in a syscall for the runtime while C runs), and main.ping
// and main.pong play a channel ping-pong of 500 round trips. Exits 0 when both are done.
package main

/*
#include <unistd.h>
static void nap(void) { usleep(10000); }
*/
import "C"

import "runtime"

func napper(done chan<- bool) {
	for i := 0; i < 5; i++ {
		C.nap()
	}
	done <- true
}

func ping(to chan<- int, from <-chan int, rounds int, done chan<- bool) {
	for i := 0; i < rounds; i++ {
		to <- i
		<-from
	}
	close(to)
	done <- true
}

func pong(from <-chan int, to chan<- int) {
	for v := range from {
		to <- v
	}
}

func main() {
	runtime.GOMAXPROCS(2)
	done := make(chan bool)
	a, b := make(chan int), make(chan int)
	go pong(a, b)
	go ping(a, b, 500, done)
	go napper(done)
	<-done
	<-done
}
