import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on the monotonic clock, for intervals only.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// How long `body` takes, in seconds, and what it returned.
func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    let start = monotonicSeconds()
    let result = try body()
    return (monotonicSeconds() - start, result)
}

/// Repeated measurements of one quantity, and the statistics the report prints.
///
/// Percentiles interpolate linearly between the two nearest ranks (the "type 7" rule of R and NumPy), so
/// that p50 of an even count is the mean of the middle two, and p99 of 20 samples lies between the 19th
/// and 20th smallest: with few samples it is close to the maximum, which the report says.
/// In-process latency of `query`: `warmUp` calls untimed, then `count` timed ones, each at a fresh `point()`. The
/// samples in milliseconds and the answers, in order.
func inProcessLatencies<Point, Answer>(
    warmUp: Int, count: Int, point: () -> Point, _ query: (Point) throws -> Answer
) rethrows -> (samples: Samples, answers: [Answer]) {
    for _ in 0..<warmUp { _ = try query(point()) }
    var samples = Samples()
    var answers: [Answer] = []
    answers.reserveCapacity(count)
    for _ in 0..<count {
        let p = point()
        let (seconds, answer) = try timed { try query(p) }
        samples.add(seconds * 1000)
        answers.append(answer)
    }
    return (samples, answers)
}

struct Samples: Sendable {
    private(set) var values: [Double]

    init(_ values: [Double] = []) {
        self.values = values
    }

    mutating func add(_ value: Double) { values.append(value) }

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }
    var min: Double { values.min() ?? .nan }
    var max: Double { values.max() ?? .nan }
    var median: Double { percentile(50) }

    /// The `p`-th percentile (0…100); NaN when there are no samples.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = (p / 100) * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = Int(rank.rounded(.up))
        let fraction = rank - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// Each value transformed, e.g. seconds into events per second.
    func map(_ transform: (Double) -> Double) -> Samples { Samples(values.map(transform)) }
}

/// What one child process did: how it ended, how long it took, and its own peak resident set.
struct ChildRun: Sendable {
    var exitCode: Int32
    /// Set when the child was killed by a signal.
    var signal: Int32?
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    /// The peak resident set of this child alone, in bytes: its VmHWM polled every 2 ms on Linux (see `run`),
    /// `ru_maxrss` from `wait4` elsewhere.
    var peakRSSBytes: Int
    /// The end of its standard error, for messages when it failed.
    var stderrTail: String

    var succeeded: Bool { exitCode == 0 && signal == nil }
}

enum BenchError: Error, CustomStringConvertible {
    case spawn(String, Int32)
    case childFailed(command: String, run: ChildRun)
    case missingTool(String)
    case unexpected(String)

    var description: String {
        switch self {
        case .spawn(let path, let code): "cannot start \(path): \(String(cString: strerror(code)))"
        case .childFailed(let command, let run):
            "\(command) failed (exit \(run.exitCode)\(run.signal.map { ", signal \($0)" } ?? "")): \(run.stderrTail)"
        case .missingTool(let message): message
        case .unexpected(let message): message
        }
    }
}

/// Runs programs as whole processes with `posix_spawn` and reaps them with `wait4`, so that the resource
/// usage read is that of the one child (its `ru_maxrss`), not an aggregate over every child ever waited for.
struct ChildProcess {
    let executable: String
    let arguments: [String]

    /// The command as a shell would read it, for the report.
    var commandLine: String {
        ([executable] + arguments).map(shellQuoted).joined(separator: " ")
    }

    /// Runs to completion. Standard output goes to `stdoutPath` (default /dev/null), standard error to a
    /// scratch file whose tail is kept; standard input is /dev/null.
    /// With `measuringMemory`, the child's peak memory is polled from /proc while it runs (see below), which can
    /// add up to 2 ms to its wall time; without, `peakRSSBytes` is only `ru_maxrss`, which on Linux may include
    /// plbench's own.
    func run(stdoutPath: String = "/dev/null", scratchDirectory: String, measuringMemory: Bool = false) throws -> ChildRun {
        let stderrPath = "\(scratchDirectory)/child-\(getpid()).stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        // NO_COLOR and no terminal: the child prints no progress bars or colour.
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid = pid_t()
        let start = monotonicSeconds()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchError.spawn(executable, spawned) }
        var status: Int32 = 0
        var usage = rusage()
        #if os(Linux)
        // Linux carries the spawning process's own high-water mark into the child's ru_maxrss at exec (the
        // child starts on this process's memory), so a large plbench inflated it: 191 MB against the 106 MB
        // /usr/bin/time saw. The child's own peak is VmHWM in /proc while it runs, polled until it exits.
        var polledPeak = 0
        while measuringMemory {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 {
                guard errno == EINTR else { throw BenchError.unexpected("wait4: \(String(cString: strerror(errno)))") }
                continue
            }
            polledPeak = max(polledPeak, Self.highWaterMark(of: pid) ?? 0)
            usleep(2_000)
        }
        #endif
        if !measuringMemory {
            while wait4(pid, &status, 0, &usage) < 0 {
                guard errno == EINTR else { throw BenchError.unexpected("wait4: \(String(cString: strerror(errno)))") }
            }
        }
        let wall = monotonicSeconds() - start

        let stderrText = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        unlink(stderrPath)
        // The wait status, decoded as <sys/wait.h>'s macros do (they are not imported into Swift).
        let termination = status & 0x7f
        #if os(Linux)
        let maxRSS = measuringMemory ? polledPeak : Int(usage.ru_maxrss) * 1024  // kilobytes
        #else
        let maxRSS = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        return ChildRun(
            exitCode: termination == 0 ? (status >> 8) & 0xff : -1,
            signal: termination == 0 ? nil : termination,
            wallSeconds: wall,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            peakRSSBytes: maxRSS,
            stderrTail: String(stderrText.suffix(2000)))
    }

    /// The peak resident set of a running process (VmHWM, in bytes), nil once it has exited.
    static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// Runs and throws unless the child exited with 0 (or one of `allowedExitCodes`).
    @discardableResult
    func runChecked(
        stdoutPath: String = "/dev/null", scratchDirectory: String, measuringMemory: Bool = false, allowedExitCodes: Set<Int32> = [0]
    ) throws -> ChildRun {
        let result = try run(stdoutPath: stdoutPath, scratchDirectory: scratchDirectory, measuringMemory: measuringMemory)
        guard result.signal == nil, allowedExitCodes.contains(result.exitCode) else {
            throw BenchError.childFailed(command: commandLine, run: result)
        }
        return result
    }
}

/// Quotes `word` for a POSIX shell when it needs it.
func shellQuoted(_ word: String) -> String {
    let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./:=,+@%"))
    if !word.isEmpty, word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Progress for the person waiting: one line on standard error, never on standard output.
func progress(_ message: String) {
    var text = "plbench: " + message + "\n"
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// A small seeded generator (SplitMix64), so that the random plans and points are the same in every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
