// The Go program of the goroutine tests (issue 13), with goroutines whose names, creators and
// blocks are known: main starts four main.worker goroutines that each sum a range and report
// on a channel, a channel ping-pong between main.ping and main.pong (1,000 round trips, each
// side blocking in chan send/receive), and main.sleeper, which sleeps 20 ms five times.
// Exits 0 when every part has done its work.
//
// `goworkers hold` is the program for attaching to (`ctrace record -p`): once its goroutines
// exist it prints "ready" and runs until SIGTERM, with main.holder blocked for good in an
// empty select, main.ticker sleeping 5 ms at a time, and main waiting for the signal.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

func holder() {
	select {}
}

func ticker() {
	for {
		time.Sleep(5 * time.Millisecond)
	}
}

func hold() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go holder()
	go ticker()
	fmt.Println("ready")
	<-stop
}

func worker(id int, n int, results chan<- int) {
	sum := 0
	for i := 0; i < n; i++ {
		sum += i % (id + 2)
	}
	results <- sum
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

func sleeper(done chan<- bool) {
	for i := 0; i < 5; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	done <- true
}

func main() {
	runtime.GOMAXPROCS(2)
	if len(os.Args) > 1 && os.Args[1] == "hold" {
		hold()
		return
	}
	results := make(chan int)
	for id := 0; id < 4; id++ {
		go worker(id, 2_000_000, results)
	}
	a, b := make(chan int), make(chan int)
	done := make(chan bool)
	go pong(a, b)
	go ping(a, b, 1000, done)
	go sleeper(done)
	total := 0
	for i := 0; i < 4; i++ {
		total += <-results
	}
	<-done
	<-done
	if total <= 0 {
		fmt.Fprintln(os.Stderr, "goworkers: the workers summed nothing")
		os.Exit(1)
	}
}
