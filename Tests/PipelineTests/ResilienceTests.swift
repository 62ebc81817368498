import Pipeline
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

    @Test func backsOffExponentiallyWithJitterWithinBounds() {
        for (attempt, ceiling) in [(1, 100), (2, 200), (3, 400)] {
            let low = policy.delay(afterAttempt: attempt, random: 0)
            let high = policy.delay(afterAttempt: attempt, random: 0.999)
            #expect(low == .milliseconds(ceiling / 2))
            #expect(high! < .milliseconds(ceiling) && high! > .milliseconds(ceiling / 2))
        }
    }

    @Test func stopsAfterTheLastAttempt() {
        #expect(policy.delay(afterAttempt: 4, random: 0.5) == nil)
    }

    @Test func honoursTheServerHintWithinTheCap() {
        #expect(policy.delay(afterAttempt: 1, hint: .milliseconds(1_400), random: 0.5) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, hint: .milliseconds(300), random: 0.5) == .milliseconds(300))
    }

    @Test func capsLongBackoffs() {
        let long = RetryPolicy(maxAttempts: 30, baseDelay: .milliseconds(100), maxDelay: .seconds(2))
        #expect(long.delay(afterAttempt: 25, random: 0)! == .seconds(1))
    }
}

@Suite struct CircuitBreakerTests {
    let start = ContinuousClock.now

    @Test func opensAfterConsecutiveFailuresAndAdmitsOneTrialAfterCoolDown() {
        var breaker = CircuitBreaker(failureThreshold: 3, coolDown: .seconds(10))
        for _ in 0..<2 { breaker.recordFailure(now: start) }
        #expect(!breaker.isOpen)
        breaker.recordFailure(now: start)
        #expect(breaker.isOpen)
        let early = breaker.admit(now: start + .seconds(5))
        let trial = breaker.admit(now: start + .seconds(10))
        let second = breaker.admit(now: start + .seconds(10))
        #expect(!early && trial && !second)
        breaker.recordSuccess()
        let after = breaker.admit(now: start + .seconds(11))
        #expect(after && !breaker.isOpen)
    }

    @Test func aFailedTrialOpensAgain() {
        var breaker = CircuitBreaker(failureThreshold: 1, coolDown: .seconds(10))
        breaker.recordFailure(now: start)
        _ = breaker.admit(now: start + .seconds(10))
        breaker.recordFailure(now: start + .seconds(10))
        #expect(breaker.state == .open(until: start + .seconds(20)))
    }

    @Test func aSuccessResetsTheCount() {
        var breaker = CircuitBreaker(failureThreshold: 2, coolDown: .seconds(10))
        breaker.recordFailure(now: start)
        breaker.recordSuccess()
        breaker.recordFailure(now: start)
        #expect(!breaker.isOpen)
    }
}
