@testable import Service
import Testing

/// The throttle's arithmetic, without a clock: every wait is an hour or more, so none runs out during the test.
@Suite struct LoginThrottleTests {
    @Test func waitsDoubleFromTheLimitAndASuccessClearsTheName() {
        let throttle = LoginThrottle(SessionConfiguration(failureLimit: 3, addressFailureLimit: 5, firstWait: .seconds(3600), longestWait: .seconds(4 * 3600)))
        // Name limit 3, address limit 5; each call counts one failure for both.
        let waits = (1...7).map { _ in throttle.fail(name: "anna", address: "192.0.2.1") }
        #expect(waits == [nil, nil, 3600, 7200, 14_400, 14_400, 14_400])
        #expect(throttle.wait(name: "anna", address: nil).map { $0 > 14_000 && $0 <= 14_400 } == true)
        // The address is throttled for every name; another address and name is not.
        #expect(throttle.wait(name: "bo", address: "192.0.2.1") != nil)
        #expect(throttle.wait(name: "bo", address: "192.0.2.2") == nil)
        // A success clears the name's count, never the address's: one valid account must not reset the address.
        throttle.succeed(name: "anna", address: "192.0.2.1")
        #expect(throttle.wait(name: "anna", address: nil) == nil)
        #expect(throttle.wait(name: "anna", address: "192.0.2.1") != nil, "the address stays throttled")
        #expect(throttle.fail(name: "anna", address: nil) == nil, "the name's count starts again")
    }

    @Test func retryAfterRoundsUp() {
        #expect(LoginThrottle.seconds(.milliseconds(4001)) == 5)
        #expect(LoginThrottle.seconds(.seconds(5)) == 5)
        #expect(LoginThrottle.seconds(.zero) == 0)
    }
}
