// The worst case for the goroutine probes: two goroutines passing a value back and forth over
// unbuffered channels, every pass a block and a wake (four status changes a round trip).
// Prints "N round trips in S s". usage: go_pingpong ROUNDS
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func pong(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v
	}
	close(out)
}

func main() {
	rounds, err := strconv.Atoi(os.Args[len(os.Args)-1])
	if len(os.Args) != 2 || err != nil || rounds <= 0 {
		fmt.Fprintln(os.Stderr, "usage: go_pingpong ROUNDS")
		os.Exit(2)
	}
	a, b := make(chan int), make(chan int)
	go pong(a, b)
	start := time.Now()
	for i := 0; i < rounds; i++ {
		a <- i
		<-b
	}
	close(a)
	fmt.Printf("%d round trips in %.6f s\n", rounds, time.Since(start).Seconds())
}
